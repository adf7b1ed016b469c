/** Counters of one pcapng Interface Statistics Block (ISB), as a capture source reports them. */
export interface InterfaceStatistics {
  /** Interface the counters belong to (index in its pcapng section, like `Frame.interfaceId`). */
  interfaceId: number;
  /** When the counters were taken: whole seconds since the Unix epoch (the ISB timestamp). */
  tsSec: number;
  /** Nanoseconds within `tsSec`. */
  tsNsec: number;
  /** isb_ifrecv: packets received by the interface/capture since the start, or null when not given. */
  received: number | null;
  /** isb_ifdrop: packets the interface (driver/NIC) dropped since the start, or null. */
  interfaceDropped: number | null;
  /** isb_osdrop: packets the OS dropped (e.g. capture buffer full) since the start, or null. */
  osDropped: number | null;
  /** isb_usrdeliv: packets delivered to the writer (the capture helper wrote) since the start, or null. */
  delivered: number | null;
}

/**
 * Called once per ISB with a fresh object the callee may keep. Counters are 64-bit in the file and
 * exact as numbers up to 2^53.
 */
export type StatisticsSink = (stats: InterfaceStatistics) => void;
