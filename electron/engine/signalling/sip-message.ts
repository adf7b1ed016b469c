/**
 * SIP message parsing (RFC 3261 section 7), found by content on any port.
 *
 * Everything in a packet is hostile: every size is bounded, nothing throws, and a failure is one of
 * the SipParseFailure strings. Display names, URIs and reason phrases are kept as the sender wrote
 * them (they may hold HTML, script or control characters: the UI escapes, this module does not);
 * every string is capped in length.
 */

/** `"Display Name" <sip:user@host>;tag=x` taken apart. */
export interface NameAddr {
  /** Unquoted and unescaped display name; null when there is none (`<sip:..>` or a bare URI). */
  displayName: string | null;
  /** The URI as written (inside the angle brackets when there are some). */
  uri: string;
  /** The `tag` header parameter, or null. */
  tag: string | null;
}

/** One parsed SIP request or response. */
export interface SipMessage {
  kind: 'request' | 'response';
  /** Request method, or the CSeq method for a response. */
  method: string;
  /** Request-URI (requests only). */
  requestUri: string | null;
  /** Status code 100..699 (responses only). */
  statusCode: number | null;
  /** Reason phrase, possibly empty (responses only). */
  reasonPhrase: string | null;
  callId: string;
  from: NameAddr;
  to: NameAddr;
  cseq: { sequence: number; method: string };
  /** Lower-cased media type without parameters ("application/sdp"), or null. */
  contentType: string | null;
  /** Declared Content-Length, or null when the header is absent. */
  contentLength: number | null;
  /** The body decoded as UTF-8 (invalid bytes become U+FFFD): only the body's bytes, at most MAX_SIP_BODY_BYTES of them. */
  body: string;
  /** Bytes of the start line and header section, including the empty line that ends it. */
  headerBytes: number;
  /** Bytes of the whole message (header section plus body) consumed from `offset`. */
  totalBytes: number;
}

/** Why bytes were not turned into a SipMessage. */
export type SipParseFailure =
  /** The bytes do not start with a SIP request line or status line. */
  | 'not-sip'
  /**
   * The message is incomplete: the body is shorter than Content-Length, the header section is not
   * finished (streams), or a datagram's header section has no closing empty line and what there is
   * fails (a capture cut by the snap length).
   */
  | 'sip-truncated'
  /** No empty line within MAX_SIP_HEADER_BYTES. */
  | 'sip-header-too-large'
  /** More than MAX_SIP_HEADER_LINES header lines. */
  | 'sip-too-many-headers'
  /** Call-ID, From, To or CSeq is absent (or empty). */
  | 'sip-missing-header'
  /** Looks like SIP but the start line is invalid (status code outside 100..699, junk after it). */
  | 'sip-bad-start-line'
  /** Content-Length is not a decimal number, above MAX_SIP_CONTENT_LENGTH, or given twice with different values. */
  | 'sip-bad-content-length'
  /** CSeq is not `<number> <method>` (number above 2^32 - 1, method not a token). */
  | 'sip-bad-cseq'
  /** From or To has no URI, an unterminated quoted display name or an unclosed `<`. */
  | 'sip-bad-address';

/** Every SipParseFailure value, in the order of the union above. */
export const SIP_PARSE_FAILURES: readonly SipParseFailure[] = [
  'not-sip',
  'sip-truncated',
  'sip-header-too-large',
  'sip-too-many-headers',
  'sip-missing-header',
  'sip-bad-start-line',
  'sip-bad-content-length',
  'sip-bad-cseq',
  'sip-bad-address',
];

/** How the message was carried: a datagram holds one whole message; a stream needs Content-Length framing. */
export interface SipParseOptions {
  /**
   * 'datagram' (default, UDP): a missing Content-Length means "the rest of the datagram", and a
   * header section that is not closed by an empty line ends with the datagram.
   * 'stream' (TCP): a missing Content-Length means 0, and an unfinished header section is 'sip-truncated'.
   */
  transport?: 'datagram' | 'stream';
}

/** Largest start line plus header section, in bytes (64 KiB). */
export const MAX_SIP_HEADER_BYTES = 64 * 1024;
/** Most header lines (continuation lines included) after the start line. */
export const MAX_SIP_HEADER_LINES = 256;
/** Most body bytes decoded into SipMessage.body (64 KiB); a longer body is still consumed whole. */
export const MAX_SIP_BODY_BYTES = 64 * 1024;
/** Largest Content-Length accepted (16 MiB); above it the value is treated as hostile. */
export const MAX_SIP_CONTENT_LENGTH = 16 * 1024 * 1024;
/** Caps on strings taken from a message, in UTF-16 code units. */
export const MAX_SIP_URI_CHARS = 256;
export const MAX_SIP_DISPLAY_NAME_CHARS = 256;
export const MAX_SIP_TAG_CHARS = 256;
export const MAX_SIP_CALL_ID_CHARS = 256;
export const MAX_SIP_REASON_CHARS = 128;
export const MAX_SIP_CONTENT_TYPE_CHARS = 128;
/** Longest method token (request line and CSeq). */
export const MAX_SIP_METHOD_CHARS = 32;
/** Longest start line looked at, in bytes; a longer one is not SIP. */
export const MAX_SIP_START_LINE_BYTES = 4096;

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const CASE_BIT = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const STATUS_CODE_DIGITS = 3;
const MIN_STATUS_CODE = 100;
const MAX_STATUS_CODE = 699;
const MAX_CSEQ = 0xffff_ffff;
const MAX_CONTENT_LENGTH_DIGITS = 10;

/** classifyStartLine results. */
export const START_LINE_NO = 0;
export const START_LINE_MATCH = 1;
export const START_LINE_PARTIAL = 2;

/** RFC 3261 token characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~". */
const TOKEN = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
for (const ch of "-.!%*_+`'~") TOKEN[ch.charCodeAt(0)] = 1;

// Byte strings compared case-insensitively (all upper case letters or non-letters).
const SIP_VERSION = bytesOf('SIP/2.0');
const RESPONSE_PREFIX = bytesOf('SIP/2.0 ');
const SCHEMES = [bytesOf('SIP:'), bytesOf('SIPS:'), bytesOf('TEL:')];

function bytesOf(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Upper-cases an ASCII letter byte; other bytes unchanged. */
function upper(byte: number): number {
  return byte >= 0x61 && byte <= 0x7a ? byte & ~CASE_BIT : byte;
}

/** Lower-cases an ASCII letter byte; other bytes unchanged. */
function lower(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | CASE_BIT : byte;
}

/**
 * Compares `pattern` (upper case) with the bytes at `at`: 1 when it matches whole, 2 when the data ends
 * while what there is matches, 0 otherwise.
 */
function matchAt(bytes: Uint8Array, at: number, end: number, pattern: Uint8Array): number {
  for (let i = 0; i < pattern.length; i++) {
    if (at + i >= end) return START_LINE_PARTIAL;
    if (upper(bytes[at + i]!) !== pattern[i]) return START_LINE_NO;
  }
  return START_LINE_MATCH;
}

/**
 * Whether the bytes at `start` (up to `stop`, exclusive) begin a SIP start line. Returns
 * START_LINE_MATCH for `SIP/2.0 ` + three digits, or for a method token + SP + a sip:/sips:/tel: URI +
 * SP + `SIP/2.0` + CR or LF; START_LINE_PARTIAL when the bytes end while still consistent with one
 * (within MAX_SIP_START_LINE_BYTES); START_LINE_NO otherwise. Allocates nothing.
 */
export function classifyStartLine(bytes: Uint8Array, start: number, stop: number): number {
  if (!(start >= 0)) return START_LINE_NO;
  const end = Math.min(stop, bytes.length);
  if (start >= end) return START_LINE_PARTIAL;
  const response = matchAt(bytes, start, end, RESPONSE_PREFIX);
  if (response !== START_LINE_NO) {
    if (response === START_LINE_PARTIAL) return START_LINE_PARTIAL;
    for (let i = 0; i < STATUS_CODE_DIGITS; i++) {
      const at = start + RESPONSE_PREFIX.length + i;
      if (at >= end) return START_LINE_PARTIAL;
      const c = bytes[at]!;
      if (c < DIGIT_0 || c > DIGIT_9) return START_LINE_NO;
    }
    return START_LINE_MATCH;
  }

  // A longer line is not a SIP start line; a shorter buffer may still be the start of one.
  const limit = Math.min(end, start + MAX_SIP_START_LINE_BYTES);
  const ranOut = limit === end ? START_LINE_PARTIAL : START_LINE_NO;

  // Method token.
  let i = start;
  while (i < limit && TOKEN[bytes[i]!] === 1) i++;
  if (i - start > MAX_SIP_METHOD_CHARS) return START_LINE_NO;
  if (i >= limit) return ranOut;
  if (i === start || bytes[i] !== SP) return START_LINE_NO;
  i++;

  // URI scheme.
  let scheme = START_LINE_NO;
  for (const pattern of SCHEMES) {
    const m = matchAt(bytes, i, limit, pattern);
    if (m === START_LINE_MATCH) {
      scheme = m;
      i += pattern.length;
      break;
    }
    if (m === START_LINE_PARTIAL) scheme = m;
  }
  if (scheme === START_LINE_NO) return START_LINE_NO;
  if (scheme === START_LINE_PARTIAL) return ranOut;

  // Rest of the URI: visible characters up to a space.
  while (i < limit) {
    const c = bytes[i]!;
    if (c === SP) break;
    if (c < SP || c === 0x7f) return START_LINE_NO;
    i++;
  }
  if (i >= limit) return ranOut;
  i++;

  const version = matchAt(bytes, i, limit, SIP_VERSION);
  if (version === START_LINE_NO) return START_LINE_NO;
  if (version === START_LINE_PARTIAL) return ranOut;
  i += SIP_VERSION.length;
  if (i >= limit) return ranOut;
  const c = bytes[i]!;
  return c === CR || c === LF ? START_LINE_MATCH : START_LINE_NO;
}

/**
 * Cheap test on the first bytes: a SIP method token + ' ' + 'sip:'/'sips:'/'tel:' URI + ' SIP/2.0' +
 * line end, or 'SIP/2.0 ' + 3 digits (case-insensitive letters). No allocation; never throws.
 */
export function looksLikeSip(bytes: Uint8Array, offset: number, length: number): boolean {
  const range = clampRange(bytes, offset, length);
  if (range < 0) return false;
  return classifyStartLine(bytes, offset, offset + range) === START_LINE_MATCH;
}

/** Usable length of bytes[offset .. offset + length), or -1 for a nonsensical range. */
function clampRange(bytes: Uint8Array, offset: number, length: number): number {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) return -1;
  if (offset > bytes.length) return -1;
  return Math.min(length, bytes.length - offset);
}

// Decoder shared by every call (decoding is synchronous). ignoreBOM keeps a leading U+FEFF verbatim.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decode(bytes: Uint8Array, start: number, end: number): string {
  return start >= end ? '' : decoder.decode(bytes.subarray(start, end));
}

/** Cuts `text` to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return text.slice(0, cut);
}

// Header kinds we read.
const H_CALL_ID = 0;
const H_FROM = 1;
const H_TO = 2;
const H_CSEQ = 3;
const H_CONTENT_LENGTH = 4;
const H_CONTENT_TYPE = 5;
const HEADER_KINDS = 6;

/** Long and compact (RFC 3261 section 7.3.3) names, lower case, by kind. */
const HEADER_NAMES: readonly (readonly Uint8Array[])[] = [
  [bytesOf('call-id'), bytesOf('i')],
  [bytesOf('from'), bytesOf('f')],
  [bytesOf('to'), bytesOf('t')],
  [bytesOf('cseq')],
  [bytesOf('content-length'), bytesOf('l')],
  [bytesOf('content-type'), bytesOf('c')],
];

function headerKind(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  for (let kind = 0; kind < HEADER_KINDS; kind++) {
    for (const name of HEADER_NAMES[kind]!) {
      if (name.length !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = lower(bytes[start + i]!) === name[i];
      if (same) return kind;
    }
  }
  return -1;
}

/** A header value with its folding (CRLF + whitespace) replaced by one space, trimmed. */
function headerValue(bytes: Uint8Array, start: number, end: number): string {
  const text = decode(bytes, start, end);
  return (text.includes('\n') ? unfold(text) : text).trim();
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Replaces each line break with the whitespace around it by one space. A loop rather than
 * /[ \t]*\r?\n[ \t]*\/g, which backtracks quadratically over long runs of blanks.
 */
function unfold(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const feed = text.indexOf('\n', from);
    if (feed < 0) return out + text.slice(from);
    let end = feed;
    if (end > from && text[end - 1] === '\r') end--;
    while (end > from && isBlank(text[end - 1])) end--;
    out += `${text.slice(from, end)} `;
    from = feed + 1;
    while (from < text.length && isBlank(text[from])) from++;
  }
}

/** What scanHeaderSection found: the start line and where the headers we read are. */
interface HeaderScan {
  startLine: StartLine;
  /** Bytes of the start line and header section (the empty line included). */
  headerEnd: number;
  /** True when a datagram's header section had no closing empty line (it ends with the datagram). */
  cut: boolean;
  /** Value byte ranges by header kind (first occurrence); -1 when absent. */
  valueStart: Int32Array;
  valueEnd: Int32Array;
  /** Content-Length given more than once with different values. */
  contentLengthConflict: boolean;
}

/**
 * Finds the start line and the header section of the message that starts at b[0] (already
 * classified as a start-line match): line by line up to the first empty one, continuation lines
 * extending the header before them. Decodes nothing but Content-Length duplicates.
 */
function scanHeaderSection(b: Uint8Array, stream: boolean): HeaderScan | SipParseFailure {
  const n = b.length;
  let lineFeed = b.indexOf(LF);
  if (lineFeed < 0) {
    if (n > MAX_SIP_START_LINE_BYTES) return 'sip-bad-start-line';
    if (stream) return 'sip-truncated';
    lineFeed = n;
  }
  const startLineEnd = lineFeed > 0 && b[lineFeed - 1] === CR ? lineFeed - 1 : lineFeed;
  const startLine = parseStartLine(b, startLineEnd);
  if (startLine === null) return 'sip-bad-start-line';

  const valueStart = new Int32Array(HEADER_KINDS).fill(-1);
  const valueEnd = new Int32Array(HEADER_KINDS);
  let contentLengthConflict = false;
  let currentKind = -1;
  let currentStart = 0;
  let currentEnd = 0;
  let lines = 0;
  let headerEnd = -1;
  let pos = lineFeed + 1;

  const finish = (): void => {
    if (currentKind < 0) return;
    if (valueStart[currentKind] === -1) {
      valueStart[currentKind] = currentStart;
      valueEnd[currentKind] = currentEnd;
    } else if (currentKind === H_CONTENT_LENGTH) {
      const first = headerValue(b, valueStart[currentKind]!, valueEnd[currentKind]!);
      if (first !== headerValue(b, currentStart, currentEnd)) contentLengthConflict = true;
    }
    currentKind = -1;
  };

  while (pos < n) {
    if (pos > MAX_SIP_HEADER_BYTES) return 'sip-header-too-large';
    let feed = b.indexOf(LF, pos);
    if (feed < 0) {
      if (n > MAX_SIP_HEADER_BYTES) return 'sip-header-too-large';
      if (stream) return 'sip-truncated';
      feed = n; // datagram: the header section ends with the datagram
    }
    const lineEnd = feed > pos && b[feed - 1] === CR ? feed - 1 : feed;
    const next = feed + 1;
    if (lineEnd === pos) {
      headerEnd = Math.min(next, n);
      break;
    }
    if (++lines > MAX_SIP_HEADER_LINES) return 'sip-too-many-headers';
    const first = b[pos]!;
    if (first === SP || first === HT) {
      if (currentKind >= 0) currentEnd = lineEnd;
    } else {
      finish();
      let nameEnd = pos;
      while (nameEnd < lineEnd && TOKEN[b[nameEnd]!] === 1) nameEnd++;
      let colon = nameEnd;
      while (colon < lineEnd && (b[colon] === SP || b[colon] === HT)) colon++;
      if (nameEnd > pos && colon < lineEnd && b[colon] === COLON) {
        currentKind = headerKind(b, pos, nameEnd);
        currentStart = colon + 1;
        currentEnd = lineEnd;
      }
    }
    pos = next;
  }
  finish();
  const cut = headerEnd < 0;
  if (cut) {
    if (n > MAX_SIP_HEADER_BYTES) return 'sip-header-too-large';
    if (stream) return 'sip-truncated';
    headerEnd = n;
  }
  if (headerEnd > MAX_SIP_HEADER_BYTES) return 'sip-header-too-large';
  return { startLine, headerEnd, cut, valueStart, valueEnd, contentLengthConflict };
}

/**
 * Stream framing without a full parse: the length of the message at `offset` (header section plus
 * Content-Length, 0 when absent) once its header section is complete; -1 while the header section
 * is still incomplete; or why it can never be framed ('not-sip', 'sip-header-too-large',
 * 'sip-bad-content-length', ...). A SIP-over-TCP reassembler uses it to wait for enough bytes.
 */
export function sipStreamMessageLength(
  bytes: Uint8Array,
  offset: number,
  length: number,
): number | SipParseFailure {
  const range = clampRange(bytes, offset, length);
  if (range < 0 || classifyStartLine(bytes, offset, offset + range) !== START_LINE_MATCH) return 'not-sip';
  const b = bytes.subarray(offset, offset + range);
  const scan = scanHeaderSection(b, true);
  if (scan === 'sip-truncated') return -1;
  if (typeof scan === 'string') return scan;
  if (scan.valueStart[H_CONTENT_LENGTH] === -1) return scan.headerEnd;
  if (scan.contentLengthConflict) return 'sip-bad-content-length';
  const contentLength = parseContentLength(
    headerValue(b, scan.valueStart[H_CONTENT_LENGTH]!, scan.valueEnd[H_CONTENT_LENGTH]!),
  );
  return contentLength === null ? 'sip-bad-content-length' : scan.headerEnd + contentLength;
}

/**
 * Parses one SIP message starting at `offset` (at most `length` bytes). Returns the message or a
 * failure reason; never throws. The start line must be at `offset` (no leading CRLF skipping).
 */
export function parseSipMessage(
  bytes: Uint8Array,
  offset: number,
  length: number,
  options: SipParseOptions = {},
): SipMessage | SipParseFailure {
  const range = clampRange(bytes, offset, length);
  if (range < 0) return 'not-sip';
  const stream = options.transport === 'stream';
  if (classifyStartLine(bytes, offset, offset + range) !== START_LINE_MATCH) return 'not-sip';
  // A view of exactly the message's bytes: searches never run past them.
  const b = bytes.subarray(offset, offset + range);
  const n = b.length;
  const scan = scanHeaderSection(b, stream);
  if (typeof scan === 'string') return scan;
  // A datagram cut inside its header section (snap length) is 'sip-truncated' when what is there fails.
  const { startLine, headerEnd, cut, valueStart, valueEnd, contentLengthConflict } = scan;

  for (const kind of [H_CALL_ID, H_FROM, H_TO, H_CSEQ]) {
    if (valueStart[kind] === -1) return cut ? 'sip-truncated' : 'sip-missing-header';
  }
  const value = (kind: number): string => headerValue(b, valueStart[kind]!, valueEnd[kind]!);

  const callId = value(H_CALL_ID);
  if (callId.length === 0) return cut ? 'sip-truncated' : 'sip-missing-header';
  const cseq = parseCseq(value(H_CSEQ));
  if (cseq === null) return cut ? 'sip-truncated' : 'sip-bad-cseq';
  const from = parseNameAddr(value(H_FROM));
  const to = parseNameAddr(value(H_TO));
  if (from === null || to === null) return cut ? 'sip-truncated' : 'sip-bad-address';

  let contentLength: number | null = null;
  if (valueStart[H_CONTENT_LENGTH] !== -1) {
    if (contentLengthConflict) return cut ? 'sip-truncated' : 'sip-bad-content-length';
    contentLength = parseContentLength(value(H_CONTENT_LENGTH));
    if (contentLength === null) return cut ? 'sip-truncated' : 'sip-bad-content-length';
  }

  let contentType: string | null = null;
  if (valueStart[H_CONTENT_TYPE] !== -1) {
    const raw = value(H_CONTENT_TYPE);
    const semicolon = raw.indexOf(';');
    const type = (semicolon < 0 ? raw : raw.slice(0, semicolon)).trim().toLowerCase();
    contentType = type.length > 0 ? capText(type, MAX_SIP_CONTENT_TYPE_CHARS) : null;
  }

  const available = n - headerEnd;
  let bodyLength: number;
  if (contentLength === null) bodyLength = stream ? 0 : available;
  else if (contentLength > available) return 'sip-truncated';
  else bodyLength = contentLength;
  const body = decode(b, headerEnd, headerEnd + Math.min(bodyLength, MAX_SIP_BODY_BYTES));

  const isRequest = startLine.kind === 'request';
  return {
    kind: startLine.kind,
    method: isRequest ? startLine.method : cseq.method,
    requestUri: isRequest ? startLine.requestUri : null,
    statusCode: isRequest ? null : startLine.statusCode,
    reasonPhrase: isRequest ? null : startLine.reasonPhrase,
    callId: capText(callId, MAX_SIP_CALL_ID_CHARS),
    from,
    to,
    cseq,
    contentType,
    contentLength,
    body,
    headerBytes: headerEnd,
    totalBytes: headerEnd + bodyLength,
  };
}

type StartLine =
  | { kind: 'request'; method: string; requestUri: string; statusCode: null; reasonPhrase: null }
  | { kind: 'response'; method: ''; requestUri: null; statusCode: number; reasonPhrase: string };

/** Parses the start line b[0 .. end) (already classified as a match). */
function parseStartLine(b: Uint8Array, end: number): StartLine | null {
  if (matchAt(b, 0, end, RESPONSE_PREFIX) === START_LINE_MATCH) {
    const at = RESPONSE_PREFIX.length;
    if (end < at + STATUS_CODE_DIGITS) return null;
    let code = 0;
    for (let i = 0; i < STATUS_CODE_DIGITS; i++) {
      const c = b[at + i]!;
      if (c < DIGIT_0 || c > DIGIT_9) return null;
      code = code * 10 + (c - DIGIT_0);
    }
    if (code < MIN_STATUS_CODE || code > MAX_STATUS_CODE) return null;
    const after = at + STATUS_CODE_DIGITS;
    if (after < end && b[after] !== SP) return null;
    const reason = after < end ? decode(b, after + 1, end).trim() : '';
    return {
      kind: 'response',
      method: '',
      requestUri: null,
      statusCode: code,
      reasonPhrase: capText(reason, MAX_SIP_REASON_CHARS),
    };
  }
  const methodEnd = b.indexOf(SP);
  if (methodEnd <= 0 || methodEnd >= end) return null;
  const uriEnd = b.indexOf(SP, methodEnd + 1);
  if (uriEnd < 0 || uriEnd >= end) return null;
  return {
    kind: 'request',
    method: decode(b, 0, methodEnd),
    requestUri: capText(decode(b, methodEnd + 1, uriEnd), MAX_SIP_URI_CHARS),
    statusCode: null,
    reasonPhrase: null,
  };
}

const CSEQ_PATTERN = /^(\d{1,10})[ \t]+([-.!%*_+`'~A-Za-z0-9]{1,32})$/;

function parseCseq(text: string): { sequence: number; method: string } | null {
  if (text.length > MAX_SIP_METHOD_CHARS + MAX_CONTENT_LENGTH_DIGITS + 64) return null;
  const match = CSEQ_PATTERN.exec(text);
  if (match === null) return null;
  const sequence = Number(match[1]);
  if (sequence > MAX_CSEQ) return null;
  return { sequence, method: match[2]! };
}

function parseContentLength(text: string): number | null {
  if (text.length === 0 || text.length > MAX_CONTENT_LENGTH_DIGITS) return null;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return null;
    value = value * 10 + (c - DIGIT_0);
  }
  return value <= MAX_SIP_CONTENT_LENGTH ? value : null;
}

/**
 * Parses a From/To value: `"Display \"Name\"" <uri>;tag=x`, `Name <uri>;tag=x`, `<uri>;tag=x` or a
 * bare `uri;tag=x` (whose `;` parameters are header parameters, RFC 3261 section 20).
 */
export function parseNameAddr(text: string): NameAddr | null {
  let displayName: string | null = null;
  let uri: string;
  let rest: string;
  const s = text.trim();
  if (s.startsWith('"')) {
    let name = '';
    let i = 1;
    let closed = false;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        if (name.length < MAX_SIP_DISPLAY_NAME_CHARS + 1) name += s[i + 1]!;
        i += 2;
        continue;
      }
      if (c === '"') {
        closed = true;
        break;
      }
      if (name.length < MAX_SIP_DISPLAY_NAME_CHARS + 1) name += c;
      i++;
    }
    if (!closed) return null;
    displayName = name;
    const open = s.indexOf('<', i + 1);
    if (open < 0 || s.slice(i + 1, open).trim().length > 0) return null;
    const close = s.indexOf('>', open + 1);
    if (close < 0) return null;
    uri = s.slice(open + 1, close);
    rest = s.slice(close + 1);
  } else {
    const open = s.indexOf('<');
    if (open >= 0) {
      const close = s.indexOf('>', open + 1);
      if (close < 0) return null;
      const name = s.slice(0, open).trim();
      displayName = name.length > 0 ? name : null;
      uri = s.slice(open + 1, close);
      rest = s.slice(close + 1);
    } else {
      const semicolon = s.indexOf(';');
      uri = semicolon < 0 ? s : s.slice(0, semicolon);
      rest = semicolon < 0 ? '' : s.slice(semicolon);
    }
  }
  uri = uri.trim();
  if (uri.length === 0) return null;
  const tag = findParameter(rest, 'tag');
  return {
    displayName: displayName === null ? null : capText(displayName, MAX_SIP_DISPLAY_NAME_CHARS),
    uri: capText(uri, MAX_SIP_URI_CHARS),
    tag: tag === null ? null : capText(tag, MAX_SIP_TAG_CHARS),
  };
}

/** Value of the first `;name=value` parameter in `params` (name compared case-insensitively). */
function findParameter(params: string, name: string): string | null {
  let from = params.indexOf(';');
  while (from >= 0) {
    const next = params.indexOf(';', from + 1);
    const part = params.slice(from + 1, next < 0 ? params.length : next);
    const equals = part.indexOf('=');
    if (equals >= 0 && part.slice(0, equals).trim().toLowerCase() === name) {
      return part.slice(equals + 1).trim();
    }
    from = next;
  }
  return null;
}
