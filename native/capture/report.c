/*
 * One-line error reports: "callscope-capture: <kind>: <message>" on stderr.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void vreport(const char *kind, const char *format, va_list args) {
  char message[1024];
  int n = vsnprintf(message, sizeof message, format, args);
  if (n < 0) message[0] = '\0';
  for (char *c = message; *c != '\0'; c++)
    if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
  size_t length = strlen(message);
  while (length > 0 && message[length - 1] == ' ') message[--length] = '\0';
  fprintf(stderr, CS_PROGRAM ": %s: %s\n", kind, message);
  fflush(stderr);
}

void cs_report(const char *kind, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vreport(kind, format, args);
  va_end(args);
}

void cs_fail(int status, const char *kind, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vreport(kind, format, args);
  va_end(args);
  exit(status);
}
