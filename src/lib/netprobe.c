/* SPDX-License-Identifier: MIT */
#include "netprobe.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

/* The child's answer: how many addresses, then each with its length. */
static void resolve_child(const char *host, unsigned port, int fd)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL, *ai;
	struct net_addrs out = { .n = 0 };
	char service[8];
	int rc;

	snprintf(service, sizeof service, "%u", port);
	rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0) {
		/* A negative count carries the resolver's error code. */
		long e = -(long)(rc < 0 ? -rc : rc);

		_exit(write(fd, &e, sizeof e) == sizeof e ? 0 : 1);
	}
	for (ai = res; ai && out.n < NET_MAX_ADDRS; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof out.addr[0])
			continue;
		memcpy(&out.addr[out.n], ai->ai_addr, ai->ai_addrlen);
		out.len[out.n++] = ai->ai_addrlen;
	}
	_exit(write(fd, &out, sizeof out) == (ssize_t)sizeof out ? 0 : 1);
}

int net_resolve(const char *host, unsigned port, int timeout_ms, struct net_addrs *out,
		char *why, size_t len)
{
	int64_t deadline = now_ms() + timeout_ms;
	union {
		struct net_addrs a;
		long e;
	} ans;
	size_t got = 0;
	int p[2], status;
	pid_t pid;

	memset(out, 0, sizeof *out);
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(why, len, "unable to resolve %s: %s", host, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		/* Never outlive us: it may hold the instance lock's descriptor. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[0]);
		resolve_child(host, port, p[1]);
	}
	close(p[1]);
	while (pid > 0 && got < sizeof ans) {
		struct pollfd pf = { .fd = p[0], .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pf, 1, (int)left) <= 0) {
			if (errno == EINTR && now_ms() < deadline)
				continue;
			break;
		}
		n = read(p[0], (char *)&ans + got, sizeof ans - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(p[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	if (got >= sizeof ans.e && got < sizeof ans && ans.e < 0) {
		snprintf(why, len, "unable to resolve %s: %s", host,
			 gai_strerror((int)-ans.e));
		return -1;
	}
	if (got != sizeof ans || ans.a.n == 0) {
		snprintf(why, len, "unable to resolve %s within %d ms", host, timeout_ms);
		return -1;
	}
	*out = ans.a;
	return 0;
}

/* Wait for fd to become ready for events, until deadline. */
static bool ready(int fd, short events, int64_t deadline)
{
	struct pollfd pf = { .fd = fd, .events = events };

	for (;;) {
		int64_t left = deadline - now_ms();
		int n;

		if (left <= 0)
			return false;
		n = poll(&pf, 1, (int)left);
		if (n > 0)
			return true;
		if (n == 0 || errno != EINTR)
			return false;
	}
}

/* Connect; for http, any status line in answer to GET / counts. */
static bool probe_one(const struct sockaddr *sa, socklen_t salen, bool http,
		      int64_t deadline, const char **fail)
{
	static const char req[] = "GET / HTTP/1.0\r\nUser-Agent: scalix-ha\r\n\r\n";
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err = 0;
	socklen_t elen = sizeof err;
	char buf[16];
	size_t got = 0;
	bool ok = false;

	*fail = "connection refused";
	if (fd < 0)
		return false;
	if (connect(fd, sa, salen) < 0 &&
	    (errno != EINPROGRESS || !ready(fd, POLLOUT, deadline) ||
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 || err != 0)) {
		*fail = err == ECONNREFUSED || errno == ECONNREFUSED ?
				"connection refused" :
			err ? strerror(err) :
			      "no connection in time";
		close(fd);
		return false;
	}
	if (!http) {
		close(fd);
		return true;
	}
	*fail = "no HTTP answer";
	if (send(fd, req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)sizeof req - 1)
		while (got < 5 && ready(fd, POLLIN, deadline)) {
			ssize_t n = read(fd, buf + got, sizeof buf - got);

			if (n <= 0)
				break;
			got += (size_t)n;
		}
	ok = got >= 5 && memcmp(buf, "HTTP/", 5) == 0;
	close(fd);
	return ok;
}

bool net_serves(const struct net_addrs *a, bool http, int timeout_ms, char *why,
		size_t len)
{
	int64_t deadline = now_ms() + timeout_ms;
	const char *fail = "no address";
	size_t i;

	for (i = 0; i < a->n; i++)
		if (probe_one((const struct sockaddr *)&a->addr[i], a->len[i], http,
			      deadline, &fail))
			return true;
	snprintf(why, len, "%s", fail);
	return false;
}

bool tcp_accepts(const char *host, unsigned port, int timeout_ms)
{
	int64_t t0 = now_ms();
	struct net_addrs a;
	char why[160];

	if (net_resolve(host, port, timeout_ms, &a, why, sizeof why) < 0)
		return false;
	return net_serves(&a, false, (int)(timeout_ms - (now_ms() - t0)), why,
			  sizeof why);
}
