/* SPDX-License-Identifier: MIT */
/*
 * The Tomcat shutdown port in server.xml.  libxml2 says which element is
 * the document's <Server> and what its port is, so that a look-alike inside
 * a comment is never taken; the edit itself touches only the bytes of the
 * port value, so every other byte of the file stays as it was.
 */
#ifndef SCALIX_HA_SERVERXML_H
#define SCALIX_HA_SERVERXML_H

#include <stddef.h>

#define TOMCAT_DEFAULT_SHUTDOWN_PORT 8005
#define TOMCAT_DEFAULT_HTTP_PORT 8080

/* The port (Tomcat's default when the attribute is absent), or -1 and *err. */
long serverxml_port(const char *buf, size_t len, const char **err);

/* buf with the <Server> port set; malloc'd, or NULL and *err. */
char *serverxml_set_port(const char *buf, size_t len, unsigned port, size_t *outlen,
			 const char **err);

/*
 * The port of the first HTTP connector (Server/Service/Connector with no
 * protocol, HTTP/1.1 or an Http11 class), 8080 when there is none; -1 and
 * *err when the file cannot be read as XML.
 */
long serverxml_http_port(const char *buf, size_t len, const char **err);

#endif
