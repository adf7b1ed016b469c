/*
 * callscope-capture: shared definitions (exit statuses, the one-line error reporter).
 */
#ifndef CALLSCOPE_CAPTURE_COMMON_H
#define CALLSCOPE_CAPTURE_COMMON_H

#define CS_PROGRAM "callscope-capture"

/* Exit statuses; electron/engine/capture/live-capture.ts maps them to CaptureError kinds. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,          /* kind "usage" */
  EXIT_NO_SUCH_DEVICE = 3, /* kind "no-such-device" */
  EXIT_PERMISSION = 4,     /* kind "permission" */
  EXIT_BAD_FILTER = 5,     /* kind "bad-filter" */
  EXIT_INTERFACE_DOWN = 6, /* kind "interface-down" */
  EXIT_FAILED = 7          /* kind "failed": any other libpcap or system error */
};

#if defined(__GNUC__) || defined(__clang__)
#define CS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CS_NORETURN __attribute__((noreturn))
#else
#define CS_PRINTF(fmt, args)
#define CS_NORETURN
#endif

/*
 * Writes exactly one line "callscope-capture: <kind>: <message>" to stderr (newlines in the message,
 * e.g. from libpcap, become spaces; the message is cut at 1 KiB).
 */
void cs_report(const char *kind, const char *format, ...) CS_PRINTF(2, 3);

/* cs_report, then exit(status). */
CS_NORETURN void cs_fail(int status, const char *kind, const char *format, ...) CS_PRINTF(3, 4);

/* cs_fail with status EXIT_USAGE and kind "usage". */
CS_NORETURN void cs_usage_error(const char *format, ...) CS_PRINTF(1, 2);

/* Usage text for --help. */
extern const char cs_usage_text[];

/* Options of the "capture" subcommand, validated and bounded. */
struct cs_options {
  const char *interface; /* -i */
  const char *filter;    /* -f, or NULL */
  int snaplen;           /* -s: 1..262144 */
  int buffer_mib;        /* -B: 1..1024 */
  int stats_ms;          /* -S: 10..3600000 */
  int promiscuous;       /* -p */
};

/* Parses the arguments after "capture"; exits with EXIT_USAGE on a bad command line. */
void cs_parse_capture_options(int argc, char **argv, struct cs_options *options);

/* The "list" subcommand: prints the interfaces as one JSON document; returns the exit status. */
int cs_list_interfaces(void);

#endif
