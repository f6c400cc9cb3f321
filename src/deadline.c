/* SPDX-License-Identifier: MIT */
/*
 * The call's deadline (instance_ctx.op_deadline): the cluster's operation
 * timeout, or a stop's own bound.  Steps end early enough for the sweep.
 */
#include "clock.h"
#include "instance.h"
#include "log.h"

int64_t instance_clip(const struct instance_ctx *c, int64_t deadline)
{
	int64_t last;

	if (!c->op_deadline)
		return deadline;
	/* The sweep (KILL_GRACE, then its 1 s wait for KILL) must still fit. */
	last = c->op_deadline - c->cfg->kill_grace_ms - SWEEP_SLACK_MS;
	return deadline < last ? deadline : last;
}

/*
 * Under a deadline too close for a whole KILL_GRACE, the sweep gets what is
 * left: a copy of the settings with a shorter grace, for this call only.
 */
void instance_fit_kill_grace(struct instance_ctx *c, struct settings *copy)
{
	int64_t room;

	if (!c->op_deadline)
		return;
	room = c->op_deadline - now_ms() - SWEEP_SLACK_MS;
	if (room >= c->cfg->kill_grace_ms)
		return;
	*copy = *c->cfg;
	copy->kill_grace_ms = room > 0 ? room : 0;
	c->cfg = copy;
}
