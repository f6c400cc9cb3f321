/* SPDX-License-Identifier: MIT */
/* sxdaemon: a stand-in for the long-running Scalix vendor processes in tests
 * (Scalix daemons, the PostgreSQL postmaster, Tomcat). It does nothing but
 * hold what the real ones hold: a pid file, a working directory, open files
 * and, for Tomcat, a shutdown port. Test code only: see README. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OPEN 16
#define MAX_LINES 16
#define MAX_LISTEN 4

static const char *prog = "sxdaemon";
static const char *pidfile;
static char ownpid[32];

static void die(const char *what, const char *obj)
{
	fprintf(stderr, "%s: fatal: unable to %s %s: %s\n", prog, what,
		obj ? obj : "", strerror(errno));
	exit(111);
}

/* Remove the pid file only if it still names us: a later start may have
 * replaced it. Async-signal-safe (open, read, close, unlink). */
static void remove_own_pidfile(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	if (!pidfile)
		return;
	fd = open(pidfile, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n >= (ssize_t)strlen(ownpid) &&
	    memcmp(buf, ownpid, strlen(ownpid)) == 0)
		unlink(pidfile);
}

static void on_term(int sig)
{
	(void)sig;
	remove_own_pidfile();
	_exit(0);
}

static void write_pidfile(char **lines, int nlines)
{
	char tmp[4096];
	FILE *f;
	int i;

	snprintf(ownpid, sizeof ownpid, "%ld\n", (long)getpid());
	if (snprintf(tmp, sizeof tmp, "%s.sxd%ld", pidfile, (long)getpid()) >=
	    (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		die("write", pidfile);
	}
	f = fopen(tmp, "w");
	if (!f)
		die("create", tmp);
	fputs(ownpid, f);
	for (i = 0; i < nlines; i++)
		fprintf(f, "%s\n", lines[i]);
	if (fclose(f) != 0)
		die("write", tmp);
	if (rename(tmp, pidfile) != 0)
		die("rename to", pidfile);
}

static int listen_port(int port)
{
	struct sockaddr_in sa;
	int one = 1;
	int s;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	/* Java sets SO_REUSEADDR too: it allows TIME_WAIT, never two listeners. */
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(s, 8) != 0) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/* A service port on HOST:PORT (the instance's address): -1 when taken. */
static int listen_on(const char *spec)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char host[256], *colon;
	int one = 1, s;

	snprintf(host, sizeof host, "%s", spec);
	colon = strrchr(host, ':');
	if (!colon)
		return -1;
	*colon = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	s = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s >= 0)
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s >= 0 && (bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, 16) != 0)) {
		int e = errno;
		close(s);
		errno = e;
		s = -1;
	}
	freeaddrinfo(res);
	return s;
}

/* A client on a service port: HTTP gets a status line, others just a connection. */
static void serve(int ls, int http)
{
	static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
				     "Connection: close\r\n\r\n";
	int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);

	if (c < 0)
		return;
	if (http) {
		struct pollfd p = { .fd = c, .events = POLLIN };
		char buf[512];
		ssize_t w = 0;

		if (poll(&p, 1, 2000) > 0 && read(c, buf, sizeof buf) > 0)
			w = write(c, answer, sizeof answer - 1);
		(void)w; /* a client that went away needs nothing more */
	}
	close(c);
}

/* One connection: true when it said SHUTDOWN (Tomcat's shutdown command). */
static int said_shutdown(int ls)
{
	char buf[64];
	size_t got = 0;
	struct pollfd p;
	int c;

	c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		return 0;
	p.fd = c;
	p.events = POLLIN;
	while (got < sizeof buf - 1 && poll(&p, 1, 2000) > 0) {
		ssize_t n = read(c, buf + got, sizeof buf - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (memchr(buf, '\n', got) || got >= 8)
			break;
	}
	close(c);
	buf[got] = '\0';
	return strncmp(buf, "SHUTDOWN", 8) == 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [--daemonize] [--pidfile F [--pidfile-line L]...] "
		"[--cwd D] [--open F]... [--log F] [--shutdown-port P] "
		"[--ignore-term] [--name N] [--exit-after SECS] "
		"[--listen HOST:PORT]... [--http] [--listen-after MS]\n",
		prog);
	exit(100);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		{ "pidfile-line", required_argument, NULL, 'L' },
		{ "cwd", required_argument, NULL, 'C' },
		{ "open", required_argument, NULL, 'o' },
		{ "log", required_argument, NULL, 'l' },
		{ "daemonize", no_argument, NULL, 'd' },
		{ "shutdown-port", required_argument, NULL, 'P' },
		{ "ignore-term", no_argument, NULL, 'i' },
		{ "name", required_argument, NULL, 'n' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "listen", required_argument, NULL, 'S' },
		{ "http", no_argument, NULL, 'H' },
		{ "listen-after", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cwd = NULL, *name = NULL, *logf = NULL;
	char *opens[MAX_OPEN], *lines[MAX_LINES];
	int nopen = 0, nlines = 0, daemonize = 0, ignore_term = 0;
	int port = 0, exit_after = 0, ls = -1, ready[2] = { -1, -1 };
	char *listens[MAX_LISTEN];
	int nlisten = 0, http = 0, listen_after = 0, lfd[MAX_LISTEN];
	struct sigaction sa;
	int c, i;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pidfile = optarg; break;
		case 'L':
			if (nlines == MAX_LINES)
				usage();
			lines[nlines++] = optarg;
			break;
		case 'C': cwd = optarg; break;
		case 'o':
			if (nopen == MAX_OPEN)
				usage();
			opens[nopen++] = optarg;
			break;
		case 'l': logf = optarg; break;
		case 'd': daemonize = 1; break;
		case 'P': port = atoi(optarg); break;
		case 'i': ignore_term = 1; break;
		case 'n': name = optarg; break;
		case 'x': exit_after = atoi(optarg); break;
		case 'S':
			if (nlisten == MAX_LISTEN)
				usage();
			listens[nlisten++] = optarg;
			break;
		case 'H': http = 1; break;
		case 'A': listen_after = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	if (daemonize) {
		pid_t pid;
		char st = 0;

		if (pipe2(ready, O_CLOEXEC) != 0)
			die("create", "pipe");
		pid = fork();
		if (pid < 0)
			die("fork", NULL);
		if (pid > 0) {
			int status;
			pid_t daemon_pid = 0;

			/* Wait for the daemon: 'R' ready, 'F' failed (it exits). */
			close(ready[1]);
			waitpid(pid, &status, 0);
			if (read(ready[0], &st, 1) != 1)
				return 1;
			if (read(ready[0], &daemon_pid, sizeof daemon_pid) !=
			    (ssize_t)sizeof daemon_pid)
				daemon_pid = 0;
			if (st == 'R')
				return 0;
			/* Failed: EOF comes once the daemon has closed its
			 * files, i.e. is exiting. Give it a moment to go. */
			while (read(ready[0], &st, 1) > 0)
				;
			for (i = 0; i < 200 && daemon_pid > 0; i++) {
				char path[64], buf[512], *p;
				FILE *f;

				snprintf(path, sizeof path, "/proc/%ld/stat",
					 (long)daemon_pid);
				f = fopen(path, "r");
				if (!f)
					break;
				p = fgets(buf, sizeof buf, f);
				fclose(f);
				p = p ? strrchr(buf, ')') : NULL;
				if (!p || p[1] == '\0' || p[2] == 'Z' ||
				    p[2] == 'X')
					break;
				usleep(10000);
			}
			return 1;
		}
		close(ready[0]);
		if (setsid() < 0)
			die("setsid", NULL);
		pid = fork();
		if (pid < 0)
			die("fork", NULL);
		if (pid > 0)
			_exit(0);
		if (!cwd)
			cwd = "/";
	}

	prog = name ? name : prog;
	if (name)
		prctl(PR_SET_NAME, name, 0, 0, 0);
	if (cwd && chdir(cwd) != 0)
		die("chdir to", cwd);
	for (i = 0; i < nopen; i++)
		if (open(opens[i], O_WRONLY | O_APPEND | O_CREAT, 0644) < 0)
			die("open", opens[i]);

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ignore_term ? SIG_IGN : on_term;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if (pidfile)
		write_pidfile(lines, nlines);
	if (port > 0) {
		ls = listen_port(port);
		if (ls < 0) {
			/* Like Tomcat: the pid file stays behind, stale. */
			fprintf(stderr, "%s: fatal: unable to bind 127.0.0.1:%d: %s\n",
				prog, port, strerror(errno));
			if (daemonize) {
				pid_t me = getpid();
				if (write(ready[1], "F", 1) != 1 ||
				    write(ready[1], &me, sizeof me) != sizeof me)
					_exit(1);
			}
			_exit(1);
		}
	}

	if (daemonize || logf) {
		int fd = open("/dev/null", O_RDWR);
		int out = logf ? open(logf, O_WRONLY | O_APPEND | O_CREAT, 0644)
			       : fd;

		if (fd < 0 || out < 0)
			die("open", logf ? logf : "/dev/null");
		dup2(fd, 0);
		dup2(out, 1);
		dup2(out, 2);
		if (fd > 2)
			close(fd);
		if (out > 2 && out != fd)
			close(out);
	}
	if (daemonize) {
		pid_t me = getpid();
		if (write(ready[1], "R", 1) != 1 ||
		    write(ready[1], &me, sizeof me) != sizeof me)
			_exit(1);
		close(ready[1]);
	}
	if (exit_after > 0)
		alarm((unsigned)exit_after);	/* default action: dies, pid file stays */

	/* Like a JVM: the service ports are bound a moment after "started";
	 * one that is taken makes it die then, its pid file left behind. */
	if (listen_after > 0)
		usleep((useconds_t)listen_after * 1000);
	for (i = 0; i < nlisten; i++) {
		lfd[i] = listen_on(listens[i]);
		if (lfd[i] < 0) {
			fprintf(stderr, "%s: fatal: unable to bind %s: %s\n", prog,
				listens[i], strerror(errno));
			_exit(1);
		}
	}

	for (;;) {
		struct pollfd p[MAX_LISTEN + 1];
		int n = 0;

		if (ls < 0 && nlisten == 0) {
			pause();
			continue;
		}
		for (i = 0; i < nlisten; i++)
			p[n++] = (struct pollfd){ .fd = lfd[i], .events = POLLIN };
		if (ls >= 0)
			p[n++] = (struct pollfd){ .fd = ls, .events = POLLIN };
		if (poll(p, (nfds_t)n, -1) <= 0)
			continue;
		for (i = 0; i < nlisten; i++)
			if (p[i].revents)
				serve(lfd[i], http);
		if (ls >= 0 && p[n - 1].revents && said_shutdown(ls)) {
			/* Tomcat leaves CATALINA_PID to catalina.sh. */
			close(ls);
			return 0;
		}
	}
}
