/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static const char *prog = "scalix-ha";
static bool quiet;

void log_init(const char *name, bool be_quiet)
{
	prog = name;
	quiet = be_quiet;
	/* LOG_DAEMON: the cluster managers log there too, so steps line up. */
	openlog("scalix-ha", LOG_PID, LOG_DAEMON);
}

const char *log_prog(void)
{
	return prog;
}

static void emit(int prio, const char *tag, bool to_stderr, const char *fmt, va_list ap)
	PRINTFLIKE(4, 0);
static void emit(int prio, const char *tag, bool to_stderr, const char *fmt, va_list ap)
{
	char msg[2048];
	int saved = errno;

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (to_stderr)
		fprintf(stderr, "%s: %s: %s\n", prog, tag, msg);
	syslog(prio, "%s: %s", tag, msg);
	errno = saved;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_INFO, "info", !quiet, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_WARNING, "warning", true, fmt, ap);
	va_end(ap);
}

void log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_ERR, "fatal", true, fmt, ap);
	va_end(ap);
}
