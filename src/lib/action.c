/* SPDX-License-Identifier: MIT */
#include "action.h"

#include <stdio.h>
#include <unistd.h>

void action_report(const char *msg, bool ok)
{
	/* Cluster managers capture stdout: they get exit codes, not colours. */
	if (!isatty(STDOUT_FILENO))
		return;
	printf("%s\033[60G[%s\033[0;39m]\n", msg,
	       ok ? "\033[0;32m  OK  " : "\033[0;31mFAILED");
	fflush(stdout);
}
