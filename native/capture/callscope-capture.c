/*
 * callscope-capture: the small privileged capture helper (in the style of Wireshark's dumpcap).
 *
 * It holds the capture right, opens one interface with libpcap and streams timestamped pcapng to
 * stdout: SHB, one IDB, an EPB per packet and an Interface Statistics Block (pcap_stats drop counters)
 * every -S milliseconds and once more at the end. The unprivileged engine parses that stream exactly
 * like a capture file. See docs/adr/0002-capture-helper.md.
 *
 *   callscope-capture list
 *   callscope-capture capture -i IFACE [-f FILTER] [-s SNAPLEN] [-B BUFFER_MIB] [-S STATS_MS] [-p]
 *
 * Errors: one line "callscope-capture: <kind>: <message>" on stderr and the exit status of common.h.
 * The capture stops cleanly (final ISB, flush, exit 0) on SIGINT/SIGTERM and when stdin reaches EOF
 * (the parent died); it exits quietly when stdout is closed.
 */
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "pcapng-out.h"

#define OUTPUT_BUFFER (1u << 20)
/* Dispatch calls when draining at the end; each handles at least one packet, so this bounds the drain. */
#define MAX_DRAIN_DISPATCHES 4096
/* LINKTYPE_RAW: DLT_RAW is 12 or 14 depending on the platform, but pcapng files use 101. */
#define LINKTYPE_RAW 101

/* ------------------------------------------------------------------------------------------------ */
/* Signals: a self-pipe, so poll() wakes up whatever the timing of the signal. */

static int signal_pipe[2] = {-1, -1};

static void on_stop_signal(int signal_number) {
  int saved = errno;
  unsigned char byte = (unsigned char)signal_number;
  ssize_t ignored = write(signal_pipe[1], &byte, 1); /* a full pipe already holds a wake-up */
  (void)ignored;
  errno = saved;
}

static void install_signals(void) {
  if (pipe(signal_pipe) != 0) cs_fail(EXIT_FAILED, "failed", "pipe: %s", strerror(errno));
  for (int i = 0; i < 2; i++) {
    int flags = fcntl(signal_pipe[i], F_GETFL);
    if (flags < 0 || fcntl(signal_pipe[i], F_SETFL, flags | O_NONBLOCK) != 0 ||
        fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC) != 0)
      cs_fail(EXIT_FAILED, "failed", "fcntl: %s", strerror(errno));
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0)
    cs_fail(EXIT_FAILED, "failed", "sigaction: %s", strerror(errno));
}

/* ------------------------------------------------------------------------------------------------ */
/* Capture */

struct capture {
  pcap_t *pcap;
  FILE *out;
  uint64_t units_per_second; /* 10^9 or 10^6, as if_tsresol says */
  uint32_t snaplen;
  uint64_t delivered; /* packets written */
  int write_failed;
  int write_errno;
};

static uint64_t wall_clock_ticks(const struct capture *c) {
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0 || now.tv_sec < 0) return 0;
  uint64_t fraction = c->units_per_second == 1000000000u ? (uint64_t)now.tv_nsec : (uint64_t)now.tv_nsec / 1000u;
  return (uint64_t)now.tv_sec * c->units_per_second + fraction;
}

static int64_t monotonic_ms(void) {
  struct timespec now;
  if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return 0;
  return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void note_write_failure(struct capture *c) {
  if (!c->write_failed) {
    c->write_failed = 1;
    c->write_errno = errno;
  }
}

static void on_packet(u_char *user, const struct pcap_pkthdr *header, const u_char *bytes) {
  struct capture *c = (struct capture *)(void *)user;
  if (c->write_failed) return;
  /* With nanosecond precision libpcap puts nanoseconds in tv_usec. */
  uint64_t seconds = header->ts.tv_sec < 0 ? 0 : (uint64_t)header->ts.tv_sec;
  uint64_t fraction = header->ts.tv_usec < 0 ? 0 : (uint64_t)header->ts.tv_usec;
  uint64_t timestamp = seconds * c->units_per_second + fraction;
  uint32_t captured = header->caplen > c->snaplen ? c->snaplen : header->caplen;
  uint32_t original = header->len < captured ? captured : header->len;
  if (pcapng_write_epb(c->out, 0, timestamp, captured, original, bytes) != 0) {
    note_write_failure(c);
    pcap_breakloop(c->pcap);
    return;
  }
  c->delivered++;
}

/* Writes an ISB with pcap_stats' counters (just isb_usrdeliv when pcap_stats fails). */
static void write_statistics(struct capture *c) {
  if (c->write_failed) return;
  struct pcap_stat ps;
  struct pcapng_statistics stats;
  memset(&stats, 0, sizeof stats);
  if (pcap_stats(c->pcap, &ps) == 0) {
    stats.has_received = stats.has_interface_dropped = stats.has_os_dropped = 1;
    stats.received = ps.ps_recv;
    stats.interface_dropped = ps.ps_ifdrop;
    stats.os_dropped = ps.ps_drop;
  }
  stats.has_delivered = 1;
  stats.delivered = c->delivered;
  if (pcapng_write_isb(c->out, 0, wall_clock_ticks(c), &stats) != 0) note_write_failure(c);
}

static void flush_output(struct capture *c) {
  if (c->write_failed) return;
  errno = 0;
  if (fflush(c->out) != 0) note_write_failure(c);
}

/* Ends the process when stdout failed: quietly when the reader went away, else with an error. */
static void exit_if_write_failed(struct capture *c) {
  if (!c->write_failed) return;
  if (c->write_errno == EPIPE) exit(EXIT_OK);
  cs_fail(EXIT_FAILED, "failed", "writing the capture stream: %s",
          c->write_errno != 0 ? strerror(c->write_errno) : "write error");
}

static int is_interface_down(const char *message, int error_number) {
  return error_number == ENETDOWN || error_number == ENXIO || error_number == ENODEV ||
         strstr(message, "The interface went down") != NULL ||
         strstr(message, "The interface disappeared") != NULL || strstr(message, "went down") != NULL ||
         strstr(message, "is not up") != NULL;
}

/* Handles whatever the ring buffer holds right now. Returns 0, or the exit status of a capture error. */
static int dispatch(struct capture *c, char *error, size_t error_size) {
  for (int round = 0; round < MAX_DRAIN_DISPATCHES; round++) {
    errno = 0;
    int n = pcap_dispatch(c->pcap, -1, on_packet, (u_char *)(void *)c);
    int error_number = errno;
    if (c->write_failed) return 0;
    if (n == PCAP_ERROR) {
      const char *message = pcap_geterr(c->pcap);
      snprintf(error, error_size, "%s", message);
      return is_interface_down(message, error_number) ? EXIT_INTERFACE_DOWN : EXIT_FAILED;
    }
    if (n <= 0) return 0; /* nothing more right now (or PCAP_ERROR_BREAK) */
  }
  return 0;
}

/* Whether `name` is among pcap_findalldevs' interfaces (1), not (0), or the list failed (-1). */
static int interface_listed(const char *name) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *devices = NULL;
  if (pcap_findalldevs(&devices, errbuf) != 0) return -1;
  int found = 0;
  for (const pcap_if_t *d = devices; d != NULL && !found; d = d->next) found = strcmp(d->name, name) == 0;
  pcap_freealldevs(devices);
  return found;
}

CS_NORETURN static void activation_failed(pcap_t *pcap, const char *interface, int status) {
  const char *detail = pcap_geterr(pcap);
  if (detail == NULL || detail[0] == '\0') detail = pcap_statustostr(status);
  switch (status) {
  case PCAP_ERROR_NO_SUCH_DEVICE:
    cs_fail(EXIT_NO_SUCH_DEVICE, "no-such-device", "%s: %s", interface, detail);
  case PCAP_ERROR_PERM_DENIED:
  case PCAP_ERROR_PROMISC_PERM_DENIED:
    cs_fail(EXIT_PERMISSION, "permission", "%s: %s (%s)", interface, pcap_statustostr(status), detail);
  case PCAP_ERROR_IFACE_NOT_UP:
    cs_fail(EXIT_INTERFACE_DOWN, "interface-down", "%s: %s", interface, detail);
  default:
    if (strstr(detail, "Operation not permitted") != NULL || strstr(detail, "Permission denied") != NULL)
      cs_fail(EXIT_PERMISSION, "permission", "%s: %s", interface, detail);
    cs_fail(EXIT_FAILED, "failed", "%s: %s", interface, detail);
  }
}

static pcap_t *open_capture(const struct cs_options *o) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  if (interface_listed(o->interface) == 0)
    cs_fail(EXIT_NO_SUCH_DEVICE, "no-such-device", "%s: no such capture interface", o->interface);
  pcap_t *pcap = pcap_create(o->interface, errbuf);
  if (pcap == NULL) cs_fail(EXIT_FAILED, "failed", "%s: %s", o->interface, errbuf);
  if (pcap_set_snaplen(pcap, o->snaplen) != 0 || pcap_set_promisc(pcap, o->promiscuous) != 0 ||
      pcap_set_buffer_size(pcap, o->buffer_mib * 1024 * 1024) != 0 || pcap_set_immediate_mode(pcap, 1) != 0)
    cs_fail(EXIT_FAILED, "failed", "%s: setting capture options: %s", o->interface, pcap_geterr(pcap));
  /* Nanosecond timestamps where the platform has them; microseconds otherwise. */
  (void)pcap_set_tstamp_precision(pcap, PCAP_TSTAMP_PRECISION_NANO);
  int status = pcap_activate(pcap);
  if (status < 0) activation_failed(pcap, o->interface, status);
  /* status > 0 is a warning (e.g. promiscuous mode not supported): the capture runs anyway. */

  if (o->filter != NULL && o->filter[0] != '\0') {
    bpf_u_int32 network = 0;
    bpf_u_int32 netmask = PCAP_NETMASK_UNKNOWN;
    if (pcap_lookupnet(o->interface, &network, &netmask, errbuf) != 0) netmask = PCAP_NETMASK_UNKNOWN;
    struct bpf_program program;
    if (pcap_compile(pcap, &program, o->filter, 1, netmask) != 0)
      cs_fail(EXIT_BAD_FILTER, "bad-filter", "%s", pcap_geterr(pcap));
    if (pcap_setfilter(pcap, &program) != 0) {
      pcap_freecode(&program);
      cs_fail(EXIT_FAILED, "failed", "%s: setting the filter: %s", o->interface, pcap_geterr(pcap));
    }
    pcap_freecode(&program);
  }
  if (pcap_setnonblock(pcap, 1, errbuf) != 0)
    cs_fail(EXIT_FAILED, "failed", "%s: pcap_setnonblock: %s", o->interface, errbuf);
  return pcap;
}

static uint16_t link_type_of(pcap_t *pcap) {
  int dlt = pcap_datalink(pcap);
  if (dlt == DLT_RAW) return LINKTYPE_RAW;
  return (uint16_t)dlt;
}

static int run_capture(const struct cs_options *o) {
  static char output_buffer[OUTPUT_BUFFER];
  install_signals();
  signal(SIGPIPE, SIG_IGN);
  pcap_t *pcap = open_capture(o);
  int fd = pcap_get_selectable_fd(pcap);
  if (fd < 0) cs_fail(EXIT_FAILED, "failed", "%s: no selectable descriptor on this platform", o->interface);

  struct capture c;
  memset(&c, 0, sizeof c);
  c.pcap = pcap;
  c.out = stdout;
  c.snaplen = (uint32_t)pcap_snapshot(pcap);
  int nano = pcap_get_tstamp_precision(pcap) == PCAP_TSTAMP_PRECISION_NANO;
  c.units_per_second = nano ? 1000000000u : 1000000u;
  if (setvbuf(stdout, output_buffer, _IOFBF, sizeof output_buffer) != 0)
    cs_fail(EXIT_FAILED, "failed", "setvbuf: %s", strerror(errno));

  struct pcapng_interface iface = {
      .link_type = link_type_of(pcap),
      .snap_length = c.snaplen,
      .name = o->interface,
      .filter = o->filter,
      .tsresol = nano ? PCAPNG_TSRESOL_NANO : PCAPNG_TSRESOL_MICRO,
  };
  if (pcapng_write_shb(c.out, CS_PROGRAM) != 0 || pcapng_write_idb(c.out, &iface) != 0) note_write_failure(&c);
  flush_output(&c);
  exit_if_write_failed(&c);

  char error[PCAP_ERRBUF_SIZE + 64] = "";
  int status = EXIT_OK;
  int watch_stdin = 1;
  int64_t next_statistics = monotonic_ms() + o->stats_ms;
  for (;;) {
    int64_t now = monotonic_ms();
    if (now >= next_statistics) {
      write_statistics(&c);
      flush_output(&c);
      exit_if_write_failed(&c);
      next_statistics += o->stats_ms;
      if (next_statistics <= now) next_statistics = now + o->stats_ms;
    }
    struct pollfd fds[3];
    fds[0] = (struct pollfd){.fd = fd, .events = POLLIN};
    fds[1] = (struct pollfd){.fd = signal_pipe[0], .events = POLLIN};
    fds[2] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
    int64_t wait = next_statistics - now;
    /*
     * libpcap may ask to be called again soon although the descriptor stays quiet (Linux: after an
     * ENETDOWN, to check whether the interface is gone), so honour its required timeout.
     */
    const struct timeval *required = pcap_get_required_select_timeout(pcap);
    if (required != NULL) {
      int64_t required_ms = (int64_t)required->tv_sec * 1000 + required->tv_usec / 1000;
      if (required_ms < 1) required_ms = 1;
      if (wait > required_ms) wait = required_ms;
    }
    int ready = poll(fds, watch_stdin ? 3 : 2, wait > INT_MAX ? INT_MAX : (int)wait);
    if (ready < 0) {
      if (errno == EINTR) continue;
      snprintf(error, sizeof error, "poll: %s", strerror(errno));
      status = EXIT_FAILED;
      break;
    }
    if (fds[0].revents != 0 || required != NULL) {
      status = dispatch(&c, error, sizeof error);
      flush_output(&c);
      exit_if_write_failed(&c);
      if (status != EXIT_OK) break;
    }
    if (fds[1].revents != 0) break; /* SIGINT or SIGTERM */
    if (watch_stdin && fds[2].revents != 0) {
      if (fds[2].revents & POLLNVAL) {
        watch_stdin = 0; /* stdin is not open: nothing to watch */
      } else {
        char discard[4096];
        ssize_t n = read(STDIN_FILENO, discard, sizeof discard);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) break; /* EOF: the parent is gone */
      }
    }
  }

  /* Packets already in the buffer belong to the capture; then the final statistics. */
  if (status == EXIT_OK) status = dispatch(&c, error, sizeof error);
  write_statistics(&c);
  flush_output(&c);
  exit_if_write_failed(&c);
  pcap_close(pcap);
  if (status == EXIT_INTERFACE_DOWN) cs_fail(status, "interface-down", "%s: %s", o->interface, error);
  if (status != EXIT_OK) cs_fail(status, "failed", "%s: %s", o->interface, error);
  return EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) cs_usage_error("missing subcommand (list or capture)");
  const char *command = argv[1];
  if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
    fputs(cs_usage_text, stdout);
    return EXIT_OK;
  }
  if (strcmp(command, "--version") == 0) {
    printf(CS_PROGRAM " (%s)\n", pcap_lib_version());
    return EXIT_OK;
  }
  if (strcmp(command, "list") == 0) {
    if (argc != 2) cs_usage_error("list takes no arguments");
    return cs_list_interfaces();
  }
  if (strcmp(command, "capture") == 0) {
    struct cs_options options;
    cs_parse_capture_options(argc - 2, argv + 2, &options);
    return run_capture(&options);
  }
  cs_usage_error("unknown subcommand '%.64s' (list or capture)", command);
}
