/* SPDX-License-Identifier: MIT */
/* clusterconf*.c, clusterkeys.c: argument checks, the settings keys, timeouts,
 * and the three output formats of a two-node, two-instance cluster. */
#include <arpa/inet.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "clusterconf.h"
#include "clusterkeys.h"
#include "settings.h"

START_TEST(test_ip)
{
	char addr[INET6_ADDRSTRLEN];
	int prefix = 99;

	ck_assert(cc_ip_parse("192.0.2.10", addr, sizeof addr, &prefix));
	ck_assert_str_eq(addr, "192.0.2.10");
	ck_assert_int_eq(prefix, -1);
	ck_assert(cc_ip_parse("192.0.2.10/24", addr, sizeof addr, &prefix));
	ck_assert_str_eq(addr, "192.0.2.10");
	ck_assert_int_eq(prefix, 24);
	ck_assert(cc_ip_parse("2001:db8::5/64", addr, sizeof addr, &prefix));
	ck_assert_str_eq(addr, "2001:db8::5");
	ck_assert_int_eq(prefix, 64);
	ck_assert(cc_ip_parse("fe80::1", addr, sizeof addr, &prefix));
	ck_assert(cc_ip_parse("::ffff:192.0.2.1/128", addr, sizeof addr, &prefix));

	ck_assert(!cc_ip_parse(NULL, addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.300", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("mail1.scalixdemo.com", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.10/33", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.10/0", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.10/", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.10/+24", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("192.0.2.10/24x", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("2001:db8::5/129", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse("/24", addr, sizeof addr, &prefix));
	ck_assert(!cc_ip_parse(" 192.0.2.10", addr, sizeof addr, &prefix));
	/* Longer than any address: refused, not truncated. */
	ck_assert(!cc_ip_parse("1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa", addr,
			       sizeof addr, &prefix));
}
END_TEST

START_TEST(test_device_fstype_format)
{
	enum cc_format f;

	ck_assert(cc_device_valid("/dev/sdb1"));
	ck_assert(cc_device_valid("/dev/disk/by-id/a b&c"));
	ck_assert(!cc_device_valid(NULL));
	ck_assert(!cc_device_valid(""));
	ck_assert(!cc_device_valid("/"));
	ck_assert(!cc_device_valid("sdb1"));
	ck_assert(!cc_device_valid("/dev/sdb1\n"));

	ck_assert(cc_fstype_valid("ext3"));
	ck_assert(cc_fstype_valid("gfs2"));
	ck_assert(cc_fstype_valid("fuse.sshfs"));
	ck_assert(!cc_fstype_valid(NULL));
	ck_assert(!cc_fstype_valid(""));
	ck_assert(!cc_fstype_valid("-o"));
	ck_assert(!cc_fstype_valid("ext3;rm"));
	ck_assert(!cc_fstype_valid("ext 3"));

	ck_assert_int_eq(cc_format_parse(NULL, &f), 0);
	ck_assert_int_eq(f, CC_RGMANAGER);
	ck_assert_int_eq(cc_format_parse("cib", &f), 0);
	ck_assert_int_eq(f, CC_CIB);
	ck_assert_int_eq(cc_format_parse("pcs", &f), 0);
	ck_assert_int_eq(f, CC_PCS);
	ck_assert_int_eq(cc_format_parse("rgmanager", &f), 0);
	ck_assert_int_eq(f, CC_RGMANAGER);
	ck_assert_int_eq(cc_format_parse("crm", &f), -1);
}
END_TEST

START_TEST(test_timeouts)
{
	struct settings s;
	struct cc_params p = { 0 };
	int64_t stop_bound_ms;

	ck_assert_int_eq(settings_defaults(&s), 0);
	cc_timeouts(&s, &p);
	/* The defaults give the OCF meta-data's own figures. */
	ck_assert_uint_eq(p.start_s, 300);
	ck_assert_uint_eq(p.stop_s, 160);
	ck_assert_uint_eq(p.monitor_s, 40);
	/* Whatever the settings, stop outlasts the helper's bound. */
	s.stop_timeout_ms = 7500;
	s.kill_grace_ms = 2500;
	cc_timeouts(&s, &p);
	stop_bound_ms =
		((int64_t)s.nsvc + 1) * s.stop_timeout_ms + s.kill_grace_ms + 1000;
	ck_assert_int_gt((int64_t)p.stop_s * 1000, stop_bound_ms);
	ck_assert_uint_eq(p.stop_s % 10, 0);
	ck_assert_uint_ge(p.deep_monitor_s, p.monitor_s);
	settings_free(&s);
}
END_TEST

static char *const nodes[] = { (char *)"nodea", (char *)"nodeb", NULL };

static const struct cc_service services[] = {
	{
		.instance = "mail1",
		.node = "nodea",
		.mountpoint = "/var/opt/scalix/m1",
		.script = "/etc/rc.d/init.d/scalix-ha-mail1",
		.addr = "192.0.2.10",
		.prefix = 24,
		.device = "/dev/a&b<\"c'>",
		.fstype = "ext3",
		.vg = NULL,
	},
	{
		.instance = "mail2",
		.node = "nodeb",
		.mountpoint = "/var/opt/scalix/m2",
		.script = "/etc/rc.d/init.d/scalix-ha-mail2",
		.addr = "192.0.2.11",
		.prefix = -1,
		.device = "/dev/vgmail2/lvmail2",
		.fstype = "ext4",
		.vg = "vgmail2",
	},
};

static const struct cc_params params = {
	.svc = services,
	.nsvc = 2,
	.nodes = nodes,
	.start_s = 200,
	.stop_s = 160,
	.monitor_s = 40,
	.deep_monitor_s = 50,
};

/* The output of cc_write in format f, malloc'd. */
static char *render(enum cc_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(cc_write(out, f, &params), 0);
	ck_assert_int_eq(fclose(out), 0);
	return buf;
}

/* The string value of an XPath expression over doc, malloc'd. */
static char *xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlChar *s;
	char *r;

	ck_assert_ptr_nonnull(ctx);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	ck_assert_ptr_nonnull(o);
	s = xmlXPathCastToString(o);
	r = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return r;
}

static void assert_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath(doc, expr);

	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'", expr, got, want);
	free(got);
}

static xmlDocPtr parse(const char *text)
{
	xmlDocPtr doc =
		xmlReadMemory(text, (int)strlen(text), "out.xml", NULL, XML_PARSE_NONET);

	ck_assert_ptr_nonnull(doc);
	return doc;
}

START_TEST(test_rgmanager)
{
	char *text = render(CC_RGMANAGER);
	xmlDocPtr doc = parse(text);

	assert_xpath(doc, "name(/*)", "rm");
	assert_xpath(doc, "count(/rm/failoverdomains/failoverdomain)", "2");
	assert_xpath(doc,
		     "//failoverdomain[@name='scalix-mail2']/failoverdomainnode[1]/@name",
		     "nodeb");
	assert_xpath(doc,
		     "//failoverdomain[@name='scalix-mail2']/failoverdomainnode[2]/@name",
		     "nodea");
	assert_xpath(
		doc,
		"//failoverdomain[@name='scalix-mail2']/failoverdomainnode[2]/@priority",
		"2");
	assert_xpath(doc, "//failoverdomain[@name='scalix-mail1']/@nofailback", "1");
	assert_xpath(doc, "/rm/service[1]/@name", "mail1");
	assert_xpath(doc, "/rm/service[1]/@domain", "scalix-mail1");
	/* mail1's device is no logical volume: fs, ip, script. */
	assert_xpath(doc, "name(/rm/service[1]/*[1])", "fs");
	assert_xpath(doc, "name(/rm/service[1]/*[2])", "ip");
	assert_xpath(doc, "name(/rm/service[1]/*[3])", "script");
	assert_xpath(doc, "/rm/service[1]/fs/@device", services[0].device);
	assert_xpath(doc, "/rm/service[1]/fs/@force_unmount", "1");
	assert_xpath(doc, "/rm/service[1]/ip/@address", "192.0.2.10/24");
	assert_xpath(doc, "/rm/service[1]/script/@__enforce_timeouts", "1");
	assert_xpath(doc, "/rm/service[1]/script/action[@name='stop']/@timeout", "160");
	/* mail2's is: HA-LVM first. */
	assert_xpath(doc, "name(/rm/service[2]/*[1])", "lvm");
	assert_xpath(doc, "/rm/service[2]/lvm/@vg_name", "vgmail2");
	assert_xpath(doc, "name(/rm/service[2]/*[2])", "fs");
	assert_xpath(doc, "/rm/service[2]/ip/@address", "192.0.2.11");
	/* The note on fencing is a comment before the root. */
	ck_assert_ptr_nonnull(strstr(text, "<!-- scalix-ha cluster-conf"));
	ck_assert_ptr_nonnull(strstr(text, "<fencedevices>"));
	xmlFreeDoc(doc);
	free(text);
}
END_TEST

START_TEST(test_cib)
{
	char *text = render(CC_CIB);
	xmlDocPtr doc = parse(text);

	assert_xpath(doc, "name(/*)", "configuration");
	assert_xpath(doc, "/configuration/resources/group[1]/@id", "scalix-mail1");
	assert_xpath(doc, "count(/configuration/resources/group[1]/primitive)", "3");
	assert_xpath(doc, "/configuration/resources/group[1]/primitive[1]/@type",
		     "Filesystem");
	assert_xpath(doc, "/configuration/resources/group[2]/primitive[1]/@type",
		     "LVM-activate");
	assert_xpath(doc,
		     "//primitive[@id='scalix-mail2-lvm']//nvpair[@name='vgname']/@value",
		     "vgmail2");
	assert_xpath(doc,
		     "//primitive[@id='scalix-mail2-lvm']//"
		     "nvpair[@name='vg_access_mode']/@value",
		     "system_id");
	assert_xpath(doc, "/configuration/resources/group[2]/primitive[2]/@type",
		     "Filesystem");
	assert_xpath(doc, "/configuration/resources/group[2]/primitive[3]/@type",
		     "IPaddr2");
	assert_xpath(doc, "/configuration/resources/group[2]/primitive[4]/@type",
		     "instance");
	assert_xpath(doc, "/configuration/resources/group[2]/primitive[4]/@provider",
		     "scalix");
	assert_xpath(doc, "//nvpair[@name='device']/@value", services[0].device);
	assert_xpath(doc, "//nvpair[@name='cidr_netmask']/@value", "24");
	assert_xpath(doc, "count(//primitive[@id='scalix-mail2-ip']//nvpair)", "1");
	assert_xpath(doc,
		     "string(//primitive[@id='scalix-mail1-instance']//op[@name='stop']/"
		     "@timeout)",
		     "160s");
	assert_xpath(doc, "count(//op[not(@timeout)])", "0");
	assert_xpath(doc, "//group[@id='scalix-mail1']/meta_attributes/nvpair/@value",
		     "200");
	assert_xpath(doc, "//rsc_location[@rsc='scalix-mail2']/@node", "nodeb");
	assert_xpath(doc, "//rsc_location[@rsc='scalix-mail2']/@score", "100");
	/* IDs are unique. */
	assert_xpath(doc,
		     "count(//*[@id][@id = preceding::*/@id or @id = ancestor::*/@id])",
		     "0");
	xmlFreeDoc(doc);
	free(text);
}
END_TEST

START_TEST(test_pcs)
{
	char *text = render(CC_PCS);

	ck_assert_ptr_nonnull(strstr(text, "pcs resource create scalix-mail1-fs "
					   "ocf:heartbeat:Filesystem "
					   "'device=/dev/a&b<\"c'\\''>' "));
	ck_assert_ptr_nonnull(strstr(text, " ip=192.0.2.10 cidr_netmask=24 "));
	ck_assert_ptr_nonnull(strstr(text, "ocf:scalix:instance instance=mail1 "));
	ck_assert_ptr_nonnull(strstr(text, "op stop timeout=160s"));
	ck_assert_ptr_nonnull(strstr(text, "OCF_CHECK_LEVEL=10 --group scalix-mail1\n"));
	ck_assert_ptr_null(strstr(text, "scalix-mail1-lvm"));
	ck_assert_ptr_nonnull(strstr(text, "\npcs resource create scalix-mail2-lvm "
					   "ocf:heartbeat:LVM-activate vgname=vgmail2 "
					   "vg_access_mode=system_id "));
	ck_assert_ptr_nonnull(strstr(text, "\npcs resource meta scalix-mail2 "
					   "resource-stickiness=200\n"));
	ck_assert_ptr_nonnull(strstr(
		text, "\npcs constraint location scalix-mail2 prefers nodeb=100\n"));
	/* LVM before the file system. */
	ck_assert(strstr(text, "scalix-mail2-lvm") < strstr(text, "scalix-mail2-fs"));
	free(text);
}
END_TEST

START_TEST(test_device_vg)
{
	char vg[64];

	ck_assert(cc_device_vg("/dev/vgmail1/lvmail1", vg, sizeof vg));
	ck_assert_str_eq(vg, "vgmail1");
	ck_assert(cc_device_vg("/dev/vg_data.1/lv-x", vg, sizeof vg));
	ck_assert_str_eq(vg, "vg_data.1");
	ck_assert(!cc_device_vg("/dev/sdb1", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/mapper/vgmail1-lvmail1", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/disk/by-id/x", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/md/0", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/vg/lv/x", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/vg/", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev//lv", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/-vg/lv", vg, sizeof vg));
	ck_assert(!cc_device_vg("/srv/vg/lv", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/a&b/lv", vg, sizeof vg));
	ck_assert(!cc_device_vg("/dev/vgmail1/lvmail1", vg, 4));
}
END_TEST

START_TEST(test_keys)
{
	static const char conf[] = "CLUSTER_NODES=\"nodea nodeb\"\n"
				   "MAIL1_NODE=nodea\nMAIL1_IP=192.0.2.10/24\n"
				   "MAIL_2_DEVICE=/dev/vg2/lv2\nMAIL1_IP=192.0.2.11\n";
	static const char twice[] = "CLUSTER_NODES=\"a a\"\n",
			  dash[] = "CLUSTER_NODES=-a\n";
	struct settings s;
	char *err = NULL;

	ck_assert_int_eq(settings_parse(&s, "conf", conf, strlen(conf), &err), 0);
	ck_assert_str_eq(s.cluster_nodes[0], "nodea");
	ck_assert_str_eq(s.cluster_nodes[1], "nodeb");
	ck_assert_ptr_null(s.cluster_nodes[2]);
	ck_assert(cluster_node_known(&s, "nodeb"));
	ck_assert(!cluster_node_known(&s, "nodec"));
	ck_assert_str_eq(clusterkeys_get(&s, "mail1", "NODE"), "nodea");
	/* A later key wins, as in sh. */
	ck_assert_str_eq(clusterkeys_get(&s, "mail1", "IP"), "192.0.2.11");
	/* '-' reads as '_'. */
	ck_assert_str_eq(clusterkeys_get(&s, "mail-2", "DEVICE"), "/dev/vg2/lv2");
	ck_assert_ptr_null(clusterkeys_get(&s, "mail1", "DEVICE"));
	ck_assert_ptr_null(clusterkeys_get(&s, "mail3", "NODE"));
	settings_free(&s);

	ck_assert_int_eq(settings_parse(&s, "conf", twice, strlen(twice), &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "a node named twice"));
	free(err);
	settings_free(&s);
	ck_assert_int_eq(settings_parse(&s, "conf", dash, strlen(dash), &err), -1);
	free(err);
	settings_free(&s);
	ck_assert(cluster_node_valid("node-a.example.com"));
	ck_assert(!cluster_node_valid(""));
	ck_assert(!cluster_node_valid("a b"));
	ck_assert(!cluster_node_valid("a=1"));
}
END_TEST

static Suite *clusterconf_suite(void)
{
	Suite *s = suite_create("clusterconf");
	TCase *tc = tcase_create("arguments");

	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_device_fstype_format);
	tcase_add_test(tc, test_timeouts);
	tcase_add_test(tc, test_device_vg);
	tcase_add_test(tc, test_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_test(tc, test_rgmanager);
	tcase_add_test(tc, test_cib);
	tcase_add_test(tc, test_pcs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(clusterconf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
