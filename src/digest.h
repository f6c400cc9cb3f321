/* SPDX-License-Identifier: MIT */
/* check --digest: the fingerprint that must match on every node. */
#ifndef SCALIX_HA_DIGEST_H
#define SCALIX_HA_DIGEST_H

#include "app.h"

/* Print "sha256:HEX"; 0, or an LSB code after logging why not. */
int check_digest(struct app *a);

#endif
