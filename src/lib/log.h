/* SPDX-License-Identifier: MIT */
/* Logging: one message shape (s6 style) to stderr and to syslog. */
#ifndef SCALIX_HA_LOG_H
#define SCALIX_HA_LOG_H

#include <stdbool.h>
#include <stdint.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))

void log_init(const char *prog, bool quiet);
const char *log_prog(void);

/* "prog: info: ..." (suppressed on stderr by --quiet, always in syslog). */
void log_info(const char *fmt, ...) PRINTFLIKE(1, 2);
/* "prog: warning: ..." */
void log_warn(const char *fmt, ...) PRINTFLIKE(1, 2);
/* "prog: fatal: ..." -- the caller decides the exit code. */
void log_fatal(const char *fmt, ...) PRINTFLIKE(1, 2);

#endif
