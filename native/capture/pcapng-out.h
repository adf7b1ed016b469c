/*
 * Minimal pcapng writer (native byte order): Section Header, Interface Description, Enhanced Packet
 * and Interface Statistics Blocks. Every function writes one whole block through stdio and returns 0,
 * or -1 with errno set when a write failed.
 */
#ifndef CALLSCOPE_PCAPNG_OUT_H
#define CALLSCOPE_PCAPNG_OUT_H

#include <stdint.h>
#include <stdio.h>

/* Longest value of a string option (if_name, if_filter, shb_userappl) we write, in bytes. */
#define PCAPNG_MAX_STRING_OPTION 8192

/* if_tsresol values: 10^-6 s and 10^-9 s. */
#define PCAPNG_TSRESOL_MICRO 6
#define PCAPNG_TSRESOL_NANO 9

struct pcapng_interface {
  uint16_t link_type;   /* LINKTYPE_* */
  uint32_t snap_length; /* bytes */
  const char *name;     /* if_name, or NULL */
  const char *filter;   /* if_filter (libpcap syntax), or NULL */
  uint8_t tsresol;      /* if_tsresol */
};

/* Counters of an ISB; a counter whose has_* flag is 0 is left out of the block. */
struct pcapng_statistics {
  int has_received, has_interface_dropped, has_os_dropped, has_delivered;
  uint64_t received;          /* isb_ifrecv (4) */
  uint64_t interface_dropped; /* isb_ifdrop (5) */
  uint64_t os_dropped;        /* isb_osdrop (7) */
  uint64_t delivered;         /* isb_usrdeliv (8) */
};

int pcapng_write_shb(FILE *out, const char *user_application);
int pcapng_write_idb(FILE *out, const struct pcapng_interface *iface);
/* data holds captured_length bytes. */
int pcapng_write_epb(FILE *out, uint32_t interface_id, uint64_t timestamp, uint32_t captured_length,
                     uint32_t original_length, const unsigned char *data);
int pcapng_write_isb(FILE *out, uint32_t interface_id, uint64_t timestamp,
                     const struct pcapng_statistics *stats);

#endif
