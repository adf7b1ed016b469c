/*
 * "callscope-capture list": the capture interfaces from pcap_findalldevs as one JSON document.
 */
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common.h"

/* A JSON string literal, or null. Control characters are \u-escaped; other bytes pass through. */
static void json_string(FILE *out, const char *text) {
  if (text == NULL) {
    fputs("null", out);
    return;
  }
  putc('"', out);
  for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
    if (*c == '"' || *c == '\\') {
      putc('\\', out);
      putc(*c, out);
    } else if (*c < 0x20 || *c == 0x7f) {
      fprintf(out, "\\u%04x", *c);
    } else {
      putc(*c, out);
    }
  }
  putc('"', out);
}

/* inet_ntop of an AF_INET/AF_INET6 sockaddr into `text`; returns text, or NULL for other families. */
static const char *address_text(const struct sockaddr *address, char *text, socklen_t size) {
  if (address == NULL) return NULL;
  if (address->sa_family == AF_INET)
    return inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)address)->sin_addr, text, size);
  if (address->sa_family == AF_INET6)
    return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)address)->sin6_addr, text,
                     size);
  return NULL;
}

static void json_addresses(FILE *out, const pcap_addr_t *addresses) {
  int first = 1;
  putc('[', out);
  for (const pcap_addr_t *a = addresses; a != NULL; a = a->next) {
    char address[INET6_ADDRSTRLEN];
    char netmask[INET6_ADDRSTRLEN];
    /* Only IPv4 and IPv6 addresses; link-layer (AF_PACKET/AF_LINK) entries are left out. */
    if (address_text(a->addr, address, sizeof address) == NULL) continue;
    const char *mask = address_text(a->netmask, netmask, sizeof netmask);
    fputs(first ? "{\"family\":" : ",{\"family\":", out);
    first = 0;
    json_string(out, a->addr->sa_family == AF_INET ? "inet" : "inet6");
    fputs(",\"address\":", out);
    json_string(out, address);
    fputs(",\"netmask\":", out);
    json_string(out, mask);
    putc('}', out);
  }
  putc(']', out);
}

int cs_list_interfaces(void) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *devices = NULL;
  if (pcap_findalldevs(&devices, errbuf) != 0) cs_fail(EXIT_FAILED, "failed", "pcap_findalldevs: %s", errbuf);
  FILE *out = stdout;
  putc('[', out);
  for (const pcap_if_t *d = devices; d != NULL; d = d->next) {
    fputs(d == devices ? "{\"name\":" : ",{\"name\":", out);
    json_string(out, d->name);
    fputs(",\"description\":", out);
    json_string(out, d->description);
    fputs(",\"addresses\":", out);
    json_addresses(out, d->addresses);
    fprintf(out, ",\"up\":%s,\"running\":%s,\"loopback\":%s}", (d->flags & PCAP_IF_UP) ? "true" : "false",
            (d->flags & PCAP_IF_RUNNING) ? "true" : "false",
            (d->flags & PCAP_IF_LOOPBACK) ? "true" : "false");
  }
  fputs("]\n", out);
  pcap_freealldevs(devices);
  if (fflush(out) != 0 || ferror(out)) {
    if (errno == EPIPE) return EXIT_OK; /* the reader went away: nothing to report to */
    cs_fail(EXIT_FAILED, "failed", "writing the interface list: %s", strerror(errno));
  }
  return EXIT_OK;
}
