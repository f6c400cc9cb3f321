/* SPDX-License-Identifier: MIT */
/* The OCF resource agent ocf:scalix:instance: the same helper by that name. */
#ifndef SCALIX_HA_OCF_H
#define SCALIX_HA_OCF_H

#define OCF_AGENT_NAME "instance"

int ocf_main(int argc, const char **argv);

#endif
