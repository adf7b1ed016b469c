/**
 * SIP calls, keyed by Call-ID: who called whom, when the call was set up, answered and ended, how
 * it ended, and the media each side announced in SDP (which teaches the media registry the codecs
 * and clock rates of the RTP streams). Times are capture times passed in; nothing reads the clock.
 *
 * Who sent an SDP body: a request comes from the party whose tag is in From; a response from the
 * other one. The caller is the party whose From tag was on the first INVITE.
 */

import {
  canonicalEncoding,
  DYNAMIC_CLOCK_RATES_HZ,
  FIRST_DYNAMIC_PT,
  STATIC_PAYLOAD_TYPES,
} from '../../../shared/payload-types.ts';
import { endpointFromText } from '../decode/address.ts';
import type { SdpMedia, SdpPayload } from '../signalling/sdp.ts';
import { isHold, parseSdp } from '../signalling/sdp.ts';
import type { NameAddr, SipMessage } from '../signalling/sip-message.ts';
import type { CallParty, MediaRegistry } from './media-registry.ts';
import type { PayloadFormat } from './rtp-stream-stats.ts';

/** Where a call is. */
export type CallStateName = 'calling' | 'ringing' | 'answered' | 'ended' | 'failed' | 'cancelled';

/** A capture time: seconds and nanoseconds since the Unix epoch. */
export interface CaptureTime {
  sec: number;
  nsec: number;
  /** ms since the capture's first frame (the engine's clock). */
  ms: number;
}

/** One SIP call as seen so far. */
export interface CallRecord {
  callId: string;
  from: NameAddr;
  to: NameAddr;
  state: CallStateName;
  /** Final response to the INVITE (e.g. 200, 486, 487); null while none. */
  finalStatus: number | null;
  finalReason: string | null;
  invite: CaptureTime | null;
  /** First 180 or 183. */
  ringing: CaptureTime | null;
  /** First 2xx to the INVITE. */
  answer: CaptureTime | null;
  /** BYE, CANCEL, or a final failure response. */
  end: CaptureTime | null;
  /** Who sent the BYE or CANCEL; null when the call didn't end that way. */
  endedBy: CallParty | null;
  /** SIP messages seen for this call. */
  messages: number;
  /** Encodings each side offered or answered, in order (as SDP names them). */
  codecs: { caller: string[]; callee: string[] };
  /** Whether a side put the call on hold (sendonly, inactive or 0.0.0.0 in an SDP after the answer). */
  held: boolean;
}

/** A call with the From tag of its first INVITE (the caller's). */
interface TrackedCall extends CallRecord {
  callerTag: string | null;
}

const SDP_TYPE = 'application/sdp';
const RTP_PROTOCOL = /^(?:UDP\/TLS\/)?RTP\//i;
const MAX_CALLS = 10_000;
const AUTH_CHALLENGES = new Set([401, 407]);
const MAX_CODECS_PER_SIDE = 16;

/** The payload format one SDP payload describes (Wireshark's rules: static types use the static clock). */
export function payloadFormatOf(payload: SdpPayload): PayloadFormat {
  const encoding = payload.encoding;
  const lower = encoding?.toLowerCase() ?? '';
  if (payload.payloadType < FIRST_DYNAMIC_PT) {
    const known = STATIC_PAYLOAD_TYPES.get(payload.payloadType);
    return {
      clockRateHz: known?.clockRateHz ?? 0,
      encoding: canonicalEncoding(encoding) ?? known?.encoding ?? null,
      telephoneEvent: false,
    };
  }
  const telephoneEvent = lower.startsWith('telephone-event');
  const clockRateHz = payload.clockRateHz || DYNAMIC_CLOCK_RATES_HZ.get(lower) || 0;
  return { clockRateHz, encoding: canonicalEncoding(encoding), telephoneEvent, fmtp: payload.fmtp };
}

function mediaFormats(media: SdpMedia): Map<number, PayloadFormat> {
  const formats = new Map<number, PayloadFormat>();
  for (const payload of media.payloads) formats.set(payload.payloadType, payloadFormatOf(payload));
  return formats;
}

export class CallTracker {
  readonly #calls = new Map<string, TrackedCall>();

  constructor(readonly registry: MediaRegistry) {}

  /** Every call, in order of first message. */
  get calls(): readonly CallRecord[] {
    return [...this.#calls.values()];
  }

  /** Takes one SIP message seen at `time`. */
  onMessage(message: SipMessage, time: CaptureTime): void {
    let call = this.#calls.get(message.callId);
    if (call === undefined) {
      if (!(message.kind === 'request' && message.method === 'INVITE')) return;
      call = this.#create(message, time);
    }
    call.messages++;
    const inDialog = call.answer !== null;
    if (message.kind === 'request') this.#onRequest(call, message, time);
    else this.#onResponse(call, message, time);
    if (message.body.length > 0 && (message.contentType === SDP_TYPE || message.body.startsWith('v=0'))) {
      this.#onSdp(call, message, this.#sender(call, message), inDialog);
    }
  }

  #create(message: SipMessage, time: CaptureTime): TrackedCall {
    const call: TrackedCall = {
      callId: message.callId,
      from: message.from,
      to: message.to,
      state: 'calling',
      finalStatus: null,
      finalReason: null,
      invite: time,
      ringing: null,
      answer: null,
      end: null,
      endedBy: null,
      messages: 0,
      codecs: { caller: [], callee: [] },
      held: false,
      callerTag: message.from.tag,
    };
    this.#calls.set(message.callId, call);
    if (this.#calls.size > MAX_CALLS) this.#evictOne();
    return call;
  }

  /** Forgets the oldest finished call (or the oldest call when none has finished). */
  #evictOne(): void {
    for (const [id, call] of this.#calls) {
      if (call.end !== null) {
        this.#calls.delete(id);
        return;
      }
    }
    const oldest = this.#calls.keys().next().value;
    if (oldest !== undefined) this.#calls.delete(oldest);
  }

  /** Which party sent the message. */
  #sender(call: TrackedCall, message: SipMessage): CallParty {
    const requestFromCaller = call.callerTag === null || message.from.tag === call.callerTag;
    const fromCaller = message.kind === 'request' ? requestFromCaller : !requestFromCaller;
    return fromCaller ? 'caller' : 'callee';
  }

  #onRequest(call: TrackedCall, message: SipMessage, time: CaptureTime): void {
    if (message.method === 'BYE' || message.method === 'CANCEL') {
      if (call.end === null) {
        call.end = time;
        call.endedBy = this.#sender(call, message);
      }
      if (message.method === 'BYE' && call.state === 'answered') call.state = 'ended';
    }
  }

  #onResponse(call: TrackedCall, message: SipMessage, time: CaptureTime): void {
    const status = message.statusCode ?? 0;
    if (message.cseq.method !== 'INVITE') return;
    if ((status === 180 || status === 183) && call.ringing === null && call.answer === null) {
      call.ringing = time;
      if (call.state === 'calling') call.state = 'ringing';
    } else if (status >= 200 && status < 300) {
      if (call.answer === null) {
        // An earlier failure (e.g. a 488 before a retried INVITE) is superseded by the answer.
        call.answer = time;
        call.finalStatus = status;
        call.finalReason = message.reasonPhrase;
        if (call.endedBy === null) {
          call.end = null;
          call.state = 'answered';
        }
      }
    } else if (AUTH_CHALLENGES.has(status)) {
      // 401/407: the caller retries with credentials under the same Call-ID; not an outcome.
    } else if (status >= 300 && call.answer === null && call.finalStatus === null) {
      call.finalStatus = status;
      call.finalReason = message.reasonPhrase;
      call.state = status === 487 ? 'cancelled' : 'failed';
      if (call.end === null) call.end = time;
    }
  }

  /** `inDialog`: the call was answered before this message, so sendonly/inactive now means hold. */
  #onSdp(call: TrackedCall, message: SipMessage, owner: CallParty, inDialog: boolean): void {
    const session = parseSdp(message.body);
    if (session === null) return;
    for (const media of session.media) {
      if (media.port === 0 || !RTP_PROTOCOL.test(media.protocol)) continue;
      const hold = isHold(media);
      if (inDialog && hold) call.held = true;
      const codecs = call.codecs[owner];
      for (const payload of media.payloads) {
        const name = canonicalEncoding(payload.encoding) ?? `PT ${payload.payloadType}`;
        if (!codecs.includes(name) && codecs.length < MAX_CODECS_PER_SIDE) codecs.push(name);
      }
      const endpoint = media.address === null ? null : endpointFromText(media.address, media.port);
      if (endpoint === null || endpoint.startsWith('0.0.0.0:')) continue;
      this.registry.announce(endpoint, {
        formats: mediaFormats(media),
        callId: call.callId,
        party: owner,
        packetTimeMs: media.packetTimeMs,
        hold,
      });
    }
  }
}
