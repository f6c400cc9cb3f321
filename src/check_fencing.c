/* SPDX-License-Identifier: MIT */
/*
 * check: the cluster has fencing.  Without it no node may take over shared
 * storage (a node that only seems dead may still write to it), so a cluster
 * without fence devices is a problem, whatever the rest says.  Read from the
 * cluster manager's own files under the root, never from a running
 * cluster: /etc/cluster/cluster.conf (rgmanager) or the CIB that Pacemaker
 * keeps on disk, /var/lib/pacemaker/cib/cib.xml.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check_fencing.h"
#include "checklist.h"
#include "log.h"
#include "xmllib.h"

#define CLUSTER_CONF "/etc/cluster/cluster.conf"
#define PACEMAKER_CIB "/var/lib/pacemaker/cib/cib.xml"

static bool rooted_exists(const struct app *a, const char *abs)
{
	char *path = app_path(a, abs);
	bool yes = path && access(path, F_OK) == 0;

	free(path);
	return yes;
}

enum cluster_stack cluster_stack_of(const struct app *a)
{
	if (rooted_exists(a, CLUSTER_CONF))
		return STACK_RGMANAGER;
	if (rooted_exists(a, PACEMAKER_CIB))
		return STACK_PACEMAKER;
	return STACK_NONE;
}

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (named(n, name))
			return n;
	return NULL;
}

/* Elements called name anywhere below n. */
static size_t count_below(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (n = n ? n->children : NULL; n; n = n->next)
		k += (named(n, name) ? 1 : 0) + count_below(n, name);
	return k;
}

/* rgmanager: <fencedevices>, and a fence device in each <clusternode>. */
static void check_cluster_conf(const struct xmllib *x, xmlNodePtr root,
			       struct checklist *c)
{
	xmlNodePtr n;
	size_t devices = count_below(child(root, "fencedevices"), "fencedevice");

	if (devices == 0)
		check_report(
			c,
			"ccs -h NODE --addfencedev NAME agent=fence_AGENT ... (one per "
			"power switch or BMC; ls /usr/sbin/fence_*), then --addmethod "
			"and "
			"--addfenceinst for every node",
			"%s has no fence device: no node may take over shared storage",
			CLUSTER_CONF);
	n = child(root, "clusternodes");
	for (n = n ? n->children : NULL; n; n = n->next) {
		xmlChar *name;
		char fix[256];

		if (!named(n, "clusternode") ||
		    count_below(child(n, "fence"), "device") > 0)
			continue;
		name = x->get_no_ns_prop(n, BAD_CAST "name");
		snprintf(fix, sizeof fix,
			 "ccs -h %s --addmethod primary %s; ccs -h %s --addfenceinst "
			 "DEVICE %s primary ...",
			 name ? (const char *)name : "NODE",
			 name ? (const char *)name : "NODE",
			 name ? (const char *)name : "NODE",
			 name ? (const char *)name : "NODE");
		check_report(c, fix, "cluster node %s has no fence method",
			     name ? (const char *)name : "?");
		if (name)
			(*x->free_var)(name);
	}
	if (devices > 0)
		check_report(c, NULL, "%s has fence devices", CLUSTER_CONF);
}

/* Pacemaker: stonith resources, and stonith-enabled not turned off. */
static void check_cib(const struct xmllib *x, xmlNodePtr root, struct checklist *c)
{
	xmlNodePtr conf = child(root, "configuration"), n, p;
	size_t devices = 0;
	bool disabled = false;

	n = child(conf, "resources");
	for (n = n ? n->children : NULL; n; n = n->next) {
		xmlChar *cls;

		if (!named(n, "primitive"))
			continue;
		cls = x->get_no_ns_prop(n, BAD_CAST "class");
		devices += cls && strcmp((const char *)cls, "stonith") == 0;
		if (cls)
			(*x->free_var)(cls);
	}
	for (n = child(child(conf, "crm_config"), "cluster_property_set"); n; n = n->next)
		for (p = named(n, "cluster_property_set") ? n->children : NULL; p;
		     p = p->next) {
			xmlChar *name, *value;

			if (!named(p, "nvpair"))
				continue;
			name = x->get_no_ns_prop(p, BAD_CAST "name");
			value = x->get_no_ns_prop(p, BAD_CAST "value");
			if (name && value &&
			    strcmp((const char *)name, "stonith-enabled") == 0)
				disabled =
					strcasecmp((const char *)value, "false") == 0 ||
					strcasecmp((const char *)value, "no") == 0 ||
					strcasecmp((const char *)value, "off") == 0 ||
					strcmp((const char *)value, "0") == 0;
			if (name)
				(*x->free_var)(name);
			if (value)
				(*x->free_var)(value);
		}
	if (disabled)
		check_report(c, "pcs property set stonith-enabled=true",
			     "%s: stonith-enabled is false: no node may take over shared "
			     "storage",
			     PACEMAKER_CIB);
	if (devices == 0)
		check_report(
			c,
			"pcs stonith create NAME fence_AGENT ... (one per power switch "
			"or "
			"BMC; pcs stonith list shows the agents)",
			"%s has no fence device: no node may take over shared storage",
			PACEMAKER_CIB);
	if (!disabled && devices > 0)
		check_report(c, NULL, "%s has fence devices", PACEMAKER_CIB);
}

void check_fencing(struct app *a, struct checklist *c)
{
	enum cluster_stack stack = cluster_stack_of(a);
	const char *abs = stack == STACK_RGMANAGER ? CLUSTER_CONF : PACEMAKER_CIB;
	const struct xmllib *x;
	const char *err;
	char *path, *buf;
	xmlDocPtr doc;
	size_t len;

	if (stack == STACK_NONE) {
		check_report(c, NULL,
			     "no cluster configured here (%s, " PACEMAKER_CIB
			     "): fencing not checked",
			     CLUSTER_CONF);
		return;
	}
	path = app_path(a, abs);
	buf = path ? file_read(path, &len) : NULL;
	x = xmllib_get(&err);
	doc = buf && x ? x->read_memory(buf, (int)len, abs, NULL,
					XML_PARSE_NONET | XML_PARSE_NOERROR |
						XML_PARSE_NOWARNING) :
			 NULL;
	if (!doc)
		check_report(c, "xmllint --noout FILE shows where it is broken",
			     "%s cannot be read as XML: fencing not checked",
			     path ? path : abs);
	else if (stack == STACK_RGMANAGER)
		check_cluster_conf(x, x->doc_get_root_element(doc), c);
	else
		check_cib(x, x->doc_get_root_element(doc), c);
	if (doc)
		x->free_doc(doc);
	free(buf);
	free(path);
}
