/* SPDX-License-Identifier: MIT */
#include "interrupt.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>

static volatile sig_atomic_t caught;
static bool undoing;

static void on_signal(int sig)
{
	if (!caught)
		caught = sig;
}

void interrupt_init(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

int interrupted(void)
{
	return undoing ? 0 : caught;
}

void interrupt_undoing(void)
{
	undoing = true;
}

int interrupt_signal(void)
{
	return caught;
}
