/*
 * Command line of "callscope-capture capture": parsing and bounds of every option.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define DEFAULT_SNAPLEN 262144
#define MAX_SNAPLEN 262144
#define DEFAULT_BUFFER_MIB 16
#define MAX_BUFFER_MIB 1024
#define DEFAULT_STATS_MS 1000
#define MIN_STATS_MS 10
#define MAX_STATS_MS 3600000
#define MAX_INTERFACE_NAME 255
/* Fits the pcapng if_filter option (at most 8 KiB written). */
#define MAX_FILTER_LENGTH 8000

const char cs_usage_text[] =
    "usage: " CS_PROGRAM " list\n"
    "       " CS_PROGRAM " capture -i IFACE [-f FILTER] [-s SNAPLEN] [-B BUFFER_MIB] [-S STATS_MS] [-p]\n"
    "  list     print the capture interfaces as JSON\n"
    "  capture  write pcapng to stdout until SIGINT/SIGTERM or stdin EOF\n"
    "    -i IFACE       interface to capture on\n"
    "    -f FILTER      capture filter (pcap-filter syntax; default: none)\n"
    "    -s SNAPLEN     bytes kept per packet (1..262144, default 262144)\n"
    "    -B BUFFER_MIB  kernel buffer in MiB (1..1024, default 16)\n"
    "    -S STATS_MS    interface statistics interval in ms (10..3600000, default 1000)\n"
    "    -p             promiscuous mode (default off)\n"
    "exit status: 0 ok, 2 usage, 3 no such device, 4 permission denied, 5 bad filter,\n"
    "             6 interface down, 7 other error\n";

void cs_usage_error(const char *format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  cs_fail(EXIT_USAGE, "usage", "%s", message);
}

static int parse_int(const char *flag, const char *text, long minimum, long maximum) {
  char *end = NULL;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < minimum || value > maximum)
    cs_usage_error("%s must be an integer from %ld to %ld, got '%.64s'", flag, minimum, maximum, text);
  return (int)value;
}

void cs_parse_capture_options(int argc, char **argv, struct cs_options *o) {
  o->interface = NULL;
  o->filter = NULL;
  o->snaplen = DEFAULT_SNAPLEN;
  o->buffer_mib = DEFAULT_BUFFER_MIB;
  o->stats_ms = DEFAULT_STATS_MS;
  o->promiscuous = 0;
  for (int i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-p") == 0) {
      o->promiscuous = 1;
      continue;
    }
    if (strlen(arg) != 2 || arg[0] != '-' || strchr("ifsBS", arg[1]) == NULL)
      cs_usage_error("unknown capture option '%.64s' (try '" CS_PROGRAM " --help')", arg);
    if (i + 1 >= argc) cs_usage_error("option %s needs a value", arg);
    const char *value = argv[++i];
    switch (arg[1]) {
    case 'i':
      if (value[0] == '\0' || strlen(value) > MAX_INTERFACE_NAME)
        cs_usage_error("-i needs an interface name of 1 to %d bytes", MAX_INTERFACE_NAME);
      o->interface = value;
      break;
    case 'f':
      if (strlen(value) > MAX_FILTER_LENGTH)
        cs_usage_error("-f filter is longer than %d bytes", MAX_FILTER_LENGTH);
      o->filter = value;
      break;
    case 's':
      o->snaplen = parse_int("-s", value, 1, MAX_SNAPLEN);
      break;
    case 'B':
      o->buffer_mib = parse_int("-B", value, 1, MAX_BUFFER_MIB);
      break;
    default: /* 'S' */
      o->stats_ms = parse_int("-S", value, MIN_STATS_MS, MAX_STATS_MS);
      break;
    }
  }
  if (o->interface == NULL) cs_usage_error("capture needs -i IFACE");
}
