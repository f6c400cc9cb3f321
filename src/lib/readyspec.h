/* SPDX-License-Identifier: MIT */
/*
 * A readiness probe as the settings write it (S_READY): none,
 * tcp:ADDRESS:PORT (a connection is accepted) or http:ADDRESS[:PORT] (any
 * HTTP status line answers GET /; without a port, the HTTP connector's port
 * in server.xml). ADDRESS %h stands for the instance's OMHOSTNAME.
 */
#ifndef SCALIX_HA_READYSPEC_H
#define SCALIX_HA_READYSPEC_H

enum ready_type { READY_NONE, READY_TCP, READY_HTTP };

#define READY_HOST_MAX 256

struct ready_spec {
	enum ready_type type;
	char host[READY_HOST_MAX]; /* "%h": OMHOSTNAME */
	unsigned port;		   /* 0: from server.xml (http only) */
};

/* NULL when v is a valid S_READY value (parsed into *out), else why not. */
const char *ready_parse(const char *v, struct ready_spec *out);

#endif
