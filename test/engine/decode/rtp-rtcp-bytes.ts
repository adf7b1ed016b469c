/** Hand-made packet bytes shared by the RTP/RTCP decoder tests. */

/** Joins hex strings (whitespace ignored) into a DataView over a fresh buffer. */
export function hex(...parts: string[]): DataView {
  const s = parts.join('').replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(s)) throw new Error(`bad hex: ${s}`);
  const bytes = new Uint8Array(s.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return new DataView(bytes.buffer);
}

/** Hex of the UTF-8 bytes of `s`. */
export function text(s: string): string {
  return Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Real-world SR (Wireshark rtp sample, X-Lite) with one report block. */
export const SR = [
  '81', // V=2, P=0, RC=1
  'c8', // PT=200 (SR)
  '000c', // length 12 (52 bytes)
  'd2bd4e3e', // SSRC of sender
  'c59286d4', // NTP timestamp msw 3314714324
  'e6e978d5', // NTP timestamp lsw 3874060501
  '00000140', // RTP timestamp 320
  '00000002', // sender's packet count 2
  '00000140', // sender's octet count 320
  'd2bd4e3e', // report block 1: SSRC
  '00', // fraction lost 0
  '000000', // cumulative lost 0
  '00020002', // extended highest seq 131074 (cycles 2, seq 2)
  '00000000', // jitter 0
  '86d4e6e9', // LSR 2262099689
  '00000001', // DLSR 1 (1/65536 s)
];

/** Real-world SDES CNAME from the same capture. */
export const SDES = [
  '81', // V=2, P=0, SC=1
  'ca', // PT=202 (SDES)
  '0007', // length 7 (32 bytes)
  'd2bd4e3e', // chunk 1: SSRC
  '01', // item type 1 (CNAME)
  '14', // item length 20
  text('unknown@200.57.7.204'), // CNAME text
  '00', // end of items
  '00', // padding to 32 bits
];

/** RR without report blocks. */
export const RR_EMPTY = [
  '80', // V=2, P=0, RC=0
  'c9', // PT=201 (RR)
  '0001', // length 1 (8 bytes)
  '01020304', // SSRC of packet sender
];
