/* clusterconf.c: argument checks, timeouts, and the three output formats. */
#include <arpa/inet.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "clusterconf.h"
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

static const struct cc_params params = {
	.instance = "mail1",
	.mountpoint = "/var/opt/scalix/m1",
	.script = "/etc/rc.d/init.d/scalix-ha-mail1",
	.addr = "192.0.2.10",
	.prefix = 24,
	.device = "/dev/a&b<\"c'>",
	.fstype = "ext3",
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

START_TEST(test_rgmanager)
{
	char *text = render(CC_RGMANAGER);
	xmlDocPtr doc =
		xmlReadMemory(text, (int)strlen(text), "rg.xml", NULL, XML_PARSE_NONET);

	ck_assert_ptr_nonnull(doc);
	assert_xpath(doc, "name(/*)", "service");
	assert_xpath(doc, "/service/@name", "mail1");
	assert_xpath(doc, "name(/service/*[1])", "fs");
	assert_xpath(doc, "name(/service/*[2])", "ip");
	assert_xpath(doc, "name(/service/*[3])", "script");
	assert_xpath(doc, "/service/fs/@device", params.device);
	assert_xpath(doc, "/service/fs/@mountpoint", "/var/opt/scalix/m1");
	assert_xpath(doc, "/service/fs/@force_unmount", "1");
	assert_xpath(doc, "/service/ip/@address", "192.0.2.10/24");
	assert_xpath(doc, "/service/script/@file", "/etc/rc.d/init.d/scalix-ha-mail1");
	assert_xpath(doc, "/service/script/@__enforce_timeouts", "1");
	assert_xpath(doc, "/service/script/action[@name='stop']/@timeout", "160");
	xmlFreeDoc(doc);
	free(text);
}
END_TEST

START_TEST(test_cib)
{
	char *text = render(CC_CIB);
	xmlDocPtr doc =
		xmlReadMemory(text, (int)strlen(text), "cib.xml", NULL, XML_PARSE_NONET);

	ck_assert_ptr_nonnull(doc);
	assert_xpath(doc, "/group/@id", "scalix-mail1");
	assert_xpath(doc, "/group/primitive[1]/@type", "Filesystem");
	assert_xpath(doc, "/group/primitive[2]/@type", "IPaddr2");
	assert_xpath(doc, "/group/primitive[3]/@type", "instance");
	assert_xpath(doc, "/group/primitive[3]/@provider", "scalix");
	assert_xpath(doc, "//nvpair[@name='device']/@value", params.device);
	assert_xpath(doc, "//nvpair[@name='directory']/@value", "/var/opt/scalix/m1");
	assert_xpath(doc, "//nvpair[@name='ip']/@value", "192.0.2.10");
	assert_xpath(doc, "//nvpair[@name='cidr_netmask']/@value", "24");
	assert_xpath(doc, "//nvpair[@name='instance']/@value", "mail1");
	assert_xpath(doc, "string(/group/primitive[3]//op[@name='stop']/@timeout)",
		     "160s");
	assert_xpath(doc, "count(//op[not(@timeout)])", "0");
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
	free(text);
}
END_TEST

static Suite *clusterconf_suite(void)
{
	Suite *s = suite_create("clusterconf");
	TCase *tc = tcase_create("arguments");

	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_device_fstype_format);
	tcase_add_test(tc, test_timeouts);
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
