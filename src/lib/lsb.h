/* SPDX-License-Identifier: MIT */
/* Exit codes are an API: the cluster managers act on them (LSB 3.1, OCF 1.0). */
#ifndef SCALIX_HA_LSB_H
#define SCALIX_HA_LSB_H

/* Codes of every action but status. */
enum lsb_rc {
	LSB_OK = 0,
	LSB_GENERIC = 1,
	LSB_ARGS = 2,
	LSB_UNIMPLEMENTED = 3,
	LSB_PERM = 4,
	LSB_NOT_INSTALLED = 5,
	LSB_NOT_CONFIGURED = 6,
	LSB_NOT_RUNNING = 7,
};

/* Codes of status. */
enum lsb_status {
	LSB_ST_RUNNING = 0,
	LSB_ST_DEAD_PID = 1,
	LSB_ST_DEAD_LOCK = 2,
	LSB_ST_STOPPED = 3,
	LSB_ST_UNKNOWN = 4,
};

#endif
