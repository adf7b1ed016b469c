/**
 * The SIP messages (RFC 3261, over UDP) of one generated call: INVITE with an SDP offer, 100 Trying,
 * 180 Ringing, 200 OK with the SDP answer, ACK, and at the end BYE and its 200 OK. Requests of the
 * caller go from its SIP port to the callee's; every response copies Via, From, To, Call-ID and
 * CSeq of its request (the callee's tag on To from 180 on).
 */

import { parseAddress } from '../decode/address.ts';
import type { CodecProfile } from './codec-profiles.ts';
import { TELEPHONE_EVENT_PT } from './codec-profiles.ts';

/** Everything that names one call in its messages. */
export interface SipDialog {
  callId: string;
  callerTag: string;
  calleeTag: string;
  /** Via branch of the INVITE transaction, of the ACK and of the BYE transaction. */
  inviteBranch: string;
  ackBranch: string;
  byeBranch: string;
  /** SIP endpoints. */
  callerSip: [string, number];
  calleeSip: [string, number];
  /** RTP endpoints each side announces in SDP. */
  callerMedia: [string, number];
  calleeMedia: [string, number];
  callerUser: string;
  calleeUser: string;
  /** SDP session ids (o= line). */
  callerSessionId: number;
  calleeSessionId: number;
  codec: CodecProfile;
}

/** The messages of a call, in order. */
export type SipStep = 'invite' | 'trying' | 'ringing' | 'ok' | 'ack' | 'bye' | 'bye-ok';

const USER_AGENT = 'callscope-generate';
const MAX_FORWARDS = 70;
const CRLF = '\r\n';

const isIpv6 = (address: string): boolean => parseAddress(address)?.ipVersion === 6;
/** An address as the host part of a URI or Via (IPv6 in brackets). */
const host = (address: string): string => (isIpv6(address) ? `[${address}]` : address);
const hostPort = ([address, port]: [string, number]): string => `${host(address)}:${port}`;

/** An SDP offer or answer for one audio stream at `media`. */
export function sdpBody(
  media: [string, number],
  codec: CodecProfile,
  user: string,
  sessionId: number,
): string {
  const family = isIpv6(media[0]) ? 'IP6' : 'IP4';
  const eventClock = codec.clockRateHz;
  const lines = [
    'v=0',
    `o=${user} ${sessionId} ${sessionId} IN ${family} ${media[0]}`,
    's=callscope generate',
    `c=IN ${family} ${media[0]}`,
    't=0 0',
    `m=audio ${media[1]} RTP/AVP ${codec.payloadType} ${TELEPHONE_EVENT_PT}`,
    `a=rtpmap:${codec.payloadType} ${codec.rtpmap}`,
    ...(codec.fmtp === null ? [] : [`a=fmtp:${codec.payloadType} ${codec.fmtp}`]),
    `a=rtpmap:${TELEPHONE_EVENT_PT} telephone-event/${eventClock}`,
    `a=fmtp:${TELEPHONE_EVENT_PT} 0-16`,
    `a=ptime:${codec.packetTimeMs}`,
    'a=sendrecv',
  ];
  return `${lines.join(CRLF)}${CRLF}`;
}

/** The text of one message of the call. */
export function sipMessage(dialog: SipDialog, step: SipStep): string {
  const calleeUri = `sip:${dialog.calleeUser}@${hostPort(dialog.calleeSip)}`;
  const from = `"${dialog.callerUser}" <sip:${dialog.callerUser}@${host(dialog.callerSip[0])}>;tag=${dialog.callerTag}`;
  const toBare = `<sip:${dialog.calleeUser}@${host(dialog.calleeSip[0])}>`;
  const toTagged = `${toBare};tag=${dialog.calleeTag}`;
  const via = (branch: string) => `Via: SIP/2.0/UDP ${hostPort(dialog.callerSip)};branch=${branch}`;
  const callerContact = `Contact: <sip:${dialog.callerUser}@${hostPort(dialog.callerSip)}>`;
  const calleeContact = `Contact: <sip:${dialog.calleeUser}@${hostPort(dialog.calleeSip)}>`;

  let start: string;
  let headers: string[];
  let body = '';
  switch (step) {
    case 'invite':
      start = `INVITE ${calleeUri} SIP/2.0`;
      headers = [
        via(dialog.inviteBranch),
        `Max-Forwards: ${MAX_FORWARDS}`,
        `From: ${from}`,
        `To: ${toBare}`,
        `Call-ID: ${dialog.callId}`,
        'CSeq: 1 INVITE',
        callerContact,
        `User-Agent: ${USER_AGENT}`,
      ];
      body = sdpBody(dialog.callerMedia, dialog.codec, dialog.callerUser, dialog.callerSessionId);
      break;
    case 'trying':
    case 'ringing':
    case 'ok': {
      start = { trying: 'SIP/2.0 100 Trying', ringing: 'SIP/2.0 180 Ringing', ok: 'SIP/2.0 200 OK' }[step];
      headers = [
        via(dialog.inviteBranch),
        `From: ${from}`,
        `To: ${step === 'trying' ? toBare : toTagged}`,
        `Call-ID: ${dialog.callId}`,
        'CSeq: 1 INVITE',
        ...(step === 'trying' ? [] : [calleeContact]),
        `User-Agent: ${USER_AGENT}`,
      ];
      if (step === 'ok') {
        body = sdpBody(dialog.calleeMedia, dialog.codec, dialog.calleeUser, dialog.calleeSessionId);
      }
      break;
    }
    case 'ack':
    case 'bye':
      start = `${step === 'ack' ? 'ACK' : 'BYE'} ${calleeUri} SIP/2.0`;
      headers = [
        via(step === 'ack' ? dialog.ackBranch : dialog.byeBranch),
        `Max-Forwards: ${MAX_FORWARDS}`,
        `From: ${from}`,
        `To: ${toTagged}`,
        `Call-ID: ${dialog.callId}`,
        step === 'ack' ? 'CSeq: 1 ACK' : 'CSeq: 2 BYE',
        `User-Agent: ${USER_AGENT}`,
      ];
      break;
    case 'bye-ok':
      start = 'SIP/2.0 200 OK';
      headers = [
        via(dialog.byeBranch),
        `From: ${from}`,
        `To: ${toTagged}`,
        `Call-ID: ${dialog.callId}`,
        'CSeq: 2 BYE',
        `User-Agent: ${USER_AGENT}`,
      ];
      break;
  }
  const bodyBytes = new TextEncoder().encode(body).length;
  if (body.length > 0) headers.push('Content-Type: application/sdp');
  headers.push(`Content-Length: ${bodyBytes}`);
  return `${start}${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}
