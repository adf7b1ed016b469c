/** One capture interface (classic pcap: the whole file; pcapng: one Interface Description Block). */
export interface CaptureInterface {
  /** LINKTYPE_* value of the frames captured on this interface. */
  readonly linkType: number;
  /** Largest number of bytes captured per frame, in bytes (pcapng: 0 means no limit). */
  readonly snapLength: number;
  /** Timestamp resolution, in timestamp units per second (1e6 = µs, 1e9 = ns, 1024 = 2^-10 s, ...). */
  readonly tsUnitsPerSecond: number;
}
