/* The deep monitor (OCF_CHECK_LEVEL 10): do the servers accept connections? */
#ifndef SCALIX_HA_NETPROBE_H
#define SCALIX_HA_NETPROBE_H

#include <stdbool.h>

/* A TCP connection to host:port is accepted within timeout_ms. */
bool tcp_accepts(const char *host, unsigned port, int timeout_ms);

#endif
