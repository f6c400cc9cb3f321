/* SPDX-License-Identifier: MIT */
/*
 * stayer MODE DIR: a process that uses DIR in a way a path-string sweep
 * misses, says "ready" on stdout, then waits to be killed.
 *   leader-exit  a thread's cwd is DIR; the thread-group leader pthread_exit()s
 *   own-fs       a thread unshare()s CLONE_FS|CLONE_FILES and chdir()s to DIR;
 *                the leader's cwd stays "/"
 *   deep         cwd in a directory under DIR deeper than PATH_MAX
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void die(const char *what)
{
	fprintf(stderr, "stayer: unable to %s: %s\n", what, strerror(errno));
	exit(1);
}

static void say_ready(void)
{
	printf("ready\n");
	fflush(stdout);
}

static void *sitter(void *own_fs)
{
	if (own_fs) {
		if (unshare(CLONE_FS | CLONE_FILES) < 0)
			die("unshare");
		if (chdir(dir) < 0)
			die("chdir");
	}
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	for (;;)
		pause();
	return NULL;
}

static void deep(void)
{
	char name[201];
	size_t depth = 0;

	memset(name, 'd', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	if (chdir(dir) < 0)
		die("chdir");
	/* 25 x 201 bytes: well past PATH_MAX (4096). */
	for (depth = 0; depth < 25; depth++)
		if ((mkdir(name, 0755) < 0 && errno != EEXIST) || chdir(name) < 0)
			die("make the deep directory");
	if (!getcwd(name, sizeof name) && errno != ERANGE && errno != ENAMETOOLONG)
		die("check the cwd");
}

int main(int argc, char **argv)
{
	pthread_t t;
	int own_fs;

	if (argc != 3) {
		fprintf(stderr, "usage: stayer leader-exit|own-fs|deep DIR\n");
		return 2;
	}
	dir = argv[2];
	if (strcmp(argv[1], "deep") == 0) {
		deep();
		say_ready();
		for (;;)
			pause();
	}
	own_fs = strcmp(argv[1], "own-fs") == 0;
	if (!own_fs && strcmp(argv[1], "leader-exit") != 0)
		return 2;
	if (!own_fs && chdir(dir) < 0)
		die("chdir");
	if (pthread_create(&t, NULL, sitter, own_fs ? "" : NULL) != 0)
		die("start a thread");
	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	if (own_fs) {
		say_ready();
		for (;;)
			pause();
	}
	say_ready();
	pthread_exit(NULL);
}
