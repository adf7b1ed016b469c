/** One call's SIP messages as a lane: a fixed, short schedule. SIP is not impaired. */

import { type SipDialog, type SipStep, sipMessage } from './sip-messages.ts';
import type { Lane, WireItem } from './wire.ts';

/** One message of the schedule: when its sender sends it (scenario s) and which way it goes. */
export interface SipEvent {
  step: SipStep;
  sendS: number;
  fromCaller: boolean;
}

const encoder = new TextEncoder();

export class SipLane implements Lane {
  time = 0;
  #next = 0;

  constructor(
    readonly id: number,
    readonly dialog: SipDialog,
    readonly events: readonly SipEvent[],
    readonly edgeDelayS: number,
    readonly startTimeSec: number,
  ) {}

  refresh(): void {
    const event = this.events[this.#next];
    this.time = event === undefined ? Infinity : event.sendS + this.edgeDelayS;
  }

  take(): WireItem {
    const event = this.events[this.#next++]!;
    const { callerSip, calleeSip } = this.dialog;
    const offsetSec = event.sendS + this.edgeDelayS;
    return {
      timeSec: this.startTimeSec + offsetSec,
      offsetSec,
      src: event.fromCaller ? callerSip : calleeSip,
      dst: event.fromCaller ? calleeSip : callerSip,
      payload: encoder.encode(sipMessage(this.dialog, event.step)),
      kind: 'sip',
    };
  }
}
