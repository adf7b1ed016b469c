/** LINKTYPE_* values (tcpdump.org/linktypes.html) that the engine decodes. */
export const LinkType = {
  /** BSD loopback: 4-byte address family in host byte order. */
  NULL: 0,
  /** IEEE 802.3 Ethernet. */
  ETHERNET: 1,
  /** Raw IP (some systems write 12 or 14 for this; see RAW_ALT_*). */
  RAW: 101,
  /** OpenBSD loopback: 4-byte address family in network byte order. */
  LOOP: 108,
  /** Linux cooked capture v1 (16-byte header). */
  LINUX_SLL: 113,
  /** Raw IPv4. */
  IPV4: 228,
  /** Raw IPv6. */
  IPV6: 229,
  /** Linux cooked capture v2 (20-byte header). */
  LINUX_SLL2: 276,
  /** DLT_RAW as written by some BSDs and old libpcap. */
  RAW_ALT_12: 12,
  /** DLT_RAW as written by OpenBSD. */
  RAW_ALT_14: 14,
} as const;
