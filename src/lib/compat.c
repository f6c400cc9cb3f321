/* SPDX-License-Identifier: MIT */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* GRND_NONBLOCK of the kernel's uapi linux/random.h (3.17), absent from
 * older kernel headers. */
#define COMPAT_GRND_NONBLOCK 0x0001

#if defined(SYS_getrandom) && !defined(SCALIX_HA_FLOOR)
#define HAVE_GETRANDOM_SYSCALL 1
#endif

/* KCMP_FILES of the kernel's linux/kcmp.h (3.5), absent from older headers. */
#define COMPAT_KCMP_FILES 2

#if defined(SYS_kcmp) && !defined(SCALIX_HA_FLOOR)
#define HAVE_KCMP_SYSCALL 1
#endif

static int urandom(void *buf, size_t len)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	size_t got = 0;
	int e;

	if (fd < 0)
		return -1;
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	e = errno;
	close(fd);
	errno = got == len ? 0 : (e ? e : EIO);
	return got == len ? 0 : -1;
}

int compat_random(void *buf, size_t len)
{
#ifdef HAVE_GETRANDOM_SYSCALL
	/* Built against new kernel headers, run on an old kernel: ENOSYS. */
	long n = syscall(SYS_getrandom, buf, len, COMPAT_GRND_NONBLOCK);

	if (n >= 0 && (size_t)n == len)
		return 0;
#endif
	return urandom(buf, len);
}

bool compat_same_files(pid_t a, pid_t b)
{
#ifdef HAVE_KCMP_SYSCALL
	/* Built against new kernel headers, run on an old kernel: ENOSYS. */
	return syscall(SYS_kcmp, a, b, COMPAT_KCMP_FILES, 0UL, 0UL) == 0;
#else
	(void)a;
	(void)b;
	return false;
#endif
}
