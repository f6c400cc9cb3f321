/* SPDX-License-Identifier: MIT */
/*
 * TERM, INT and HUP during a start or a stop: the cluster gave up on the
 * call.  The signal only raises a flag; every wait of the helper (a vendor
 * command, a status poll, the instance lock, a readiness probe) looks at it
 * and ends early, so that the call undoes its work and exits non-zero.
 */
#ifndef SCALIX_HA_INTERRUPT_H
#define SCALIX_HA_INTERRUPT_H

/* Catch TERM, INT and HUP from now on (no SA_RESTART: sleeps end early). */
void interrupt_init(void);

/* The signal that asked us to stop, or 0 (also 0 once undoing). */
int interrupted(void);

/*
 * The call now undoes its work (a start's rollback): from here on the
 * waits run to their own bounds, which are the undo's bound.
 */
void interrupt_undoing(void);

/* The signal caught, even while undoing; 0 when none. */
int interrupt_signal(void);

#endif
