/* SPDX-License-Identifier: MIT */
/*
 * Does a server serve?  A TCP connection accepted (PostgreSQL), or any HTTP
 * status line in answer to a GET (Tomcat), on the instance's address.  Used
 * by start (readiness) and by the deep monitor (OCF_CHECK_LEVEL 10).
 */
#ifndef SCALIX_HA_NETPROBE_H
#define SCALIX_HA_NETPROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define NET_MAX_ADDRS 8

struct net_addrs {
	struct sockaddr_storage addr[NET_MAX_ADDRS];
	socklen_t len[NET_MAX_ADDRS];
	size_t n;
};

/*
 * host:port resolved within timeout_ms.  getaddrinfo cannot be bounded (a
 * DNS server that does not answer), so a child process resolves and is
 * killed at the bound.  0, or -1 with a reason in why.
 */
int net_resolve(const char *host, unsigned port, int timeout_ms, struct net_addrs *out,
		char *why, size_t len);

/* One probe of each address until one serves, within timeout_ms in all. */
bool net_serves(const struct net_addrs *a, bool http, int timeout_ms, char *why,
		size_t len);

/* A TCP connection to host:port is accepted within timeout_ms. */
bool tcp_accepts(const char *host, unsigned port, int timeout_ms);

#endif
