/*
 * pcapng block writer; see pcapng-out.h. Layout per draft-ietf-opsawg-pcapng: every block is
 * type u32, total length u32, body padded to 4 bytes, total length u32 again.
 */
#include "pcapng-out.h"

#include <errno.h>
#include <string.h>

#define SHB_TYPE 0x0A0D0D0Au
#define IDB_TYPE 0x00000001u
#define ISB_TYPE 0x00000005u
#define EPB_TYPE 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_ENDOFOPT 0
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_TSRESOL 9
#define IF_FILTER 11
#define ISB_IFRECV 4
#define ISB_IFDROP 5
#define ISB_OSDROP 7
#define ISB_USRDELIV 8

#define BLOCK_HEADER 8u  /* type + total length */
#define BLOCK_TRAILER 4u /* total length again */
#define OPTION_HEADER 4u /* code + length */
#define EPB_FIXED 20u    /* interface id, timestamp high/low, captured and original length */
#define ISB_FIXED 12u    /* interface id, timestamp high/low */

static const unsigned char zeros[4];

static size_t pad4(size_t length) { return (4 - (length & 3)) & 3; }

static int put(FILE *out, const void *bytes, size_t length) {
  if (length == 0) return 0;
  errno = 0;
  if (fwrite(bytes, 1, length, out) != length) {
    if (errno == 0) errno = EIO;
    return -1;
  }
  return 0;
}

static int put_u16(FILE *out, uint16_t value) { return put(out, &value, sizeof value); }
static int put_u32(FILE *out, uint32_t value) { return put(out, &value, sizeof value); }

/* Size of an option with a value of `length` bytes, including header and padding. */
static size_t option_size(size_t length) { return OPTION_HEADER + length + pad4(length); }

static int put_option(FILE *out, uint16_t code, const void *value, size_t length) {
  if (put_u16(out, code) || put_u16(out, (uint16_t)length) || put(out, value, length) ||
      put(out, zeros, pad4(length)))
    return -1;
  return 0;
}

/* A string option's length, bounded; 0 when absent. */
static size_t string_length(const char *text) {
  return text == NULL ? 0 : strnlen(text, PCAPNG_MAX_STRING_OPTION);
}

int pcapng_write_shb(FILE *out, const char *user_application) {
  size_t app = string_length(user_application);
  size_t options = (app > 0 ? option_size(app) : 0) + option_size(0);
  uint32_t total = (uint32_t)(BLOCK_HEADER + 16 + options + BLOCK_TRAILER);
  int64_t section_length = -1; /* unknown: this is a stream */
  if (put_u32(out, SHB_TYPE) || put_u32(out, total) || put_u32(out, BYTE_ORDER_MAGIC) ||
      put_u16(out, 1) || put_u16(out, 0) || put(out, &section_length, sizeof section_length))
    return -1;
  if (app > 0 && put_option(out, SHB_USERAPPL, user_application, app)) return -1;
  if (put_option(out, OPT_ENDOFOPT, NULL, 0) || put_u32(out, total)) return -1;
  return 0;
}

int pcapng_write_idb(FILE *out, const struct pcapng_interface *iface) {
  size_t name = string_length(iface->name);
  size_t filter = string_length(iface->filter);
  /* if_filter: one byte saying which syntax (0 = libpcap filter string), then the text. */
  unsigned char filter_value[1 + PCAPNG_MAX_STRING_OPTION];
  size_t options = option_size(1) + option_size(0);
  if (name > 0) options += option_size(name);
  if (filter > 0) {
    filter_value[0] = 0;
    memcpy(filter_value + 1, iface->filter, filter);
    options += option_size(filter + 1);
  }
  uint32_t total = (uint32_t)(BLOCK_HEADER + 8 + options + BLOCK_TRAILER);
  if (put_u32(out, IDB_TYPE) || put_u32(out, total) || put_u16(out, iface->link_type) ||
      put_u16(out, 0) || put_u32(out, iface->snap_length))
    return -1;
  if (name > 0 && put_option(out, IF_NAME, iface->name, name)) return -1;
  if (filter > 0 && put_option(out, IF_FILTER, filter_value, filter + 1)) return -1;
  if (put_option(out, IF_TSRESOL, &iface->tsresol, 1) || put_option(out, OPT_ENDOFOPT, NULL, 0) ||
      put_u32(out, total))
    return -1;
  return 0;
}

int pcapng_write_epb(FILE *out, uint32_t interface_id, uint64_t timestamp, uint32_t captured_length,
                     uint32_t original_length, const unsigned char *data) {
  /* Callers bound captured_length by the snap length (at most 256 KiB), so this cannot overflow. */
  uint32_t header[7];
  size_t padding = pad4(captured_length);
  uint32_t total = (uint32_t)(BLOCK_HEADER + EPB_FIXED + captured_length + padding + BLOCK_TRAILER);
  header[0] = EPB_TYPE;
  header[1] = total;
  header[2] = interface_id;
  header[3] = (uint32_t)(timestamp >> 32);
  header[4] = (uint32_t)timestamp;
  header[5] = captured_length;
  header[6] = original_length;
  if (put(out, header, sizeof header) || put(out, data, captured_length) || put(out, zeros, padding) ||
      put_u32(out, total))
    return -1;
  return 0;
}

int pcapng_write_isb(FILE *out, uint32_t interface_id, uint64_t timestamp,
                     const struct pcapng_statistics *stats) {
  size_t counter = option_size(sizeof(uint64_t));
  size_t options = option_size(0);
  options += stats->has_received ? counter : 0;
  options += stats->has_interface_dropped ? counter : 0;
  options += stats->has_os_dropped ? counter : 0;
  options += stats->has_delivered ? counter : 0;
  uint32_t total = (uint32_t)(BLOCK_HEADER + ISB_FIXED + options + BLOCK_TRAILER);
  if (put_u32(out, ISB_TYPE) || put_u32(out, total) || put_u32(out, interface_id) ||
      put_u32(out, (uint32_t)(timestamp >> 32)) || put_u32(out, (uint32_t)timestamp))
    return -1;
  if (stats->has_received && put_option(out, ISB_IFRECV, &stats->received, sizeof(uint64_t))) return -1;
  if (stats->has_interface_dropped &&
      put_option(out, ISB_IFDROP, &stats->interface_dropped, sizeof(uint64_t)))
    return -1;
  if (stats->has_os_dropped && put_option(out, ISB_OSDROP, &stats->os_dropped, sizeof(uint64_t)))
    return -1;
  if (stats->has_delivered && put_option(out, ISB_USRDELIV, &stats->delivered, sizeof(uint64_t)))
    return -1;
  if (put_option(out, OPT_ENDOFOPT, NULL, 0) || put_u32(out, total)) return -1;
  return 0;
}
