/* SPDX-License-Identifier: MIT */
/*
 * fdhog N: an unrelated busy process for the sweep's bound test.  Holds N
 * descriptors (dups of /dev/null, at most the RLIMIT_NOFILE hard limit less
 * 16), prints "ready N" on stdout once it does, then waits to be killed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000, i;
	struct rlimit rl;
	int fd;

	/* Up to the hard limit: raising that needs CAP_SYS_RESOURCE. */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_max < 64) {
		perror("fdhog: unable to read RLIMIT_NOFILE");
		return 1;
	}
	rl.rlim_cur = rl.rlim_max;
	if (rl.rlim_max != RLIM_INFINITY && (rlim_t)n > rl.rlim_max - 16)
		n = (long)(rl.rlim_max - 16);
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		perror("fdhog: unable to raise RLIMIT_NOFILE");
		return 1;
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0) {
		perror("fdhog: unable to open /dev/null");
		return 1;
	}
	for (i = 1; i < n; i++)
		if (dup(fd) < 0) {
			perror("fdhog: unable to dup");
			return 1;
		}
	printf("ready %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
