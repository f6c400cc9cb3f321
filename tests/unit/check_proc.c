/* SPDX-License-Identifier: MIT */
/* proc.c: what /proc says about a process, and who uses a directory. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_compat.h"
#include "proc.h"
#include "usage.h"

static char tmp[64];
static char store[256];	  /* the directory probed */
static char sibling[256]; /* same prefix, not under it: "<store>x" */

/* Made and removed by the runner, so it goes even when a test fails. */
static void setup(void)
{
	strcpy(tmp, "/tmp/check_proc.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(store, sizeof store, "%s/store", tmp);
	snprintf(sibling, sizeof sibling, "%s/storex", tmp);
	ck_assert_int_eq(mkdir(store, 0755), 0);
	ck_assert_int_eq(mkdir(sibling, 0755), 0);
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
}

/*
 * A child that sets itself up (name, cwd, an open file) and then waits to
 * be killed; it dies with us, or after a minute, whatever happens.
 */
static pid_t child(const char *name, const char *cwd, const char *open_path)
{
	int p[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* Not Check's handlers: its TERM handler kills the group. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		close(p[0]);
		if (name)
			prctl(PR_SET_NAME, name);
		if (open_path && open(open_path, O_RDWR | O_CREAT, 0600) < 0)
			_exit(1);
		if (cwd && chdir(cwd) < 0)
			_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}

/* Field n (1-based) of /proc/PID/stat, read independently of proc.c. */
static unsigned long long stat_field(pid_t pid, int n)
{
	char path[64], buf[1024], *p, *tok, *save;
	unsigned long long v = 0;
	int field = 2;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
	fclose(f);
	p = strrchr(buf, ')');
	ck_assert_ptr_nonnull(p);
	for (tok = strtok_r(p + 1, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (++field == n) {
			v = strtoull(tok, NULL, 10);
			break;
		}
	ck_assert_int_eq(field, n);
	return v;
}

START_TEST(test_stat_self)
{
	unsigned long long st = 0;
	char state = '?';

	ck_assert_int_eq(proc_stat(getpid(), &state, &st), 0);
	ck_assert_int_eq(state, 'R');
	ck_assert_uint_gt(st, 0);
	ck_assert_uint_eq(st, stat_field(getpid(), 22));
	ck_assert_int_eq(proc_stat(getpid(), NULL, NULL), 0);
	ck_assert(proc_alive(getpid()));
	ck_assert(proc_alive(getppid()));
}
END_TEST

START_TEST(test_stat_gone)
{
	pid_t pid = fork();
	char state = '?';

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(proc_stat(pid, &state, NULL), -1);
	ck_assert(!proc_alive(pid));
	ck_assert(!proc_alive(0));
	ck_assert(!proc_alive(-1));
	ck_assert_int_eq(proc_stat(0x3fffffff, NULL, NULL), -1);
}
END_TEST

START_TEST(test_stat_zombie)
{
	pid_t pid = fork();
	char state = '?';
	int i;

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	for (i = 0; i < 500 && state != 'Z'; i++) {
		ck_assert_int_eq(proc_stat(pid, &state, NULL), 0);
		if (state != 'Z')
			usleep(10000);
	}
	ck_assert_int_eq(state, 'Z');
	ck_assert(!proc_alive(pid));
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}
END_TEST

START_TEST(test_stat_odd_name)
{
	/* comm holds ") Z (": the state is read after the last ')'. */
	pid_t pid = child("x) Z (y", NULL, NULL);
	unsigned long long st = 0;
	char state = '?';
	int i;

	/* Running until it reaches pause(), then sleeping; never "Z". */
	for (i = 0; i < 500; i++) {
		ck_assert_int_eq(proc_stat(pid, &state, &st), 0);
		if (state == 'S')
			break;
		ck_assert_int_eq(state, 'R');
		usleep(10000);
	}
	ck_assert_int_eq(state, 'S');
	ck_assert_uint_eq(st, stat_field(pid, 22));
	ck_assert(proc_alive(pid));
	reap(pid);
}
END_TEST

START_TEST(test_same_and_signal)
{
	pid_t pid = child(NULL, NULL, NULL);
	struct proc_ref ref = { pid, 0 }, wrong;
	int status;

	ck_assert_int_eq(proc_stat(pid, NULL, &ref.starttime), 0);
	ck_assert(proc_same(&ref));
	ck_assert_int_eq(proc_signal(&ref, 0), 0);

	/* Another start time: the PID names another process now. */
	wrong = ref;
	wrong.starttime++;
	ck_assert(!proc_same(&wrong));
	errno = 0;
	ck_assert_int_eq(proc_signal(&wrong, SIGKILL), -1);
	ck_assert_int_eq(errno, ESRCH);
	ck_assert(proc_alive(pid));

	ck_assert_int_eq(proc_signal(&ref, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGTERM);
	ck_assert(!proc_same(&ref));
	ck_assert_int_eq(proc_signal(&ref, SIGKILL), -1);
}
END_TEST

START_TEST(test_probe_init)
{
	struct usage_probe p;
	char path[512], link[512];
	struct stat st;

	ck_assert_int_eq(stat(store, &st), 0);
	snprintf(path, sizeof path, "%s//", store);
	ck_assert_int_eq(usage_probe_init(&p, path), 0);
	ck_assert_str_eq(p.dir, store);
	ck_assert_uint_eq(p.dirlen, strlen(store));
	ck_assert(p.dev == st.st_dev);
	ck_assert_uint_ne(p.self_mntns, 0);

	/* Through a symbolic link and "..": the canonical path. */
	snprintf(link, sizeof link, "%s/link", tmp);
	ck_assert_int_eq(symlink(store, link), 0);
	snprintf(path, sizeof path, "%s/../link", sibling);
	ck_assert_int_eq(usage_probe_init(&p, path), 0);
	ck_assert_str_eq(p.dir, store);
	ck_assert_int_eq(unlink(link), 0);
}
END_TEST

START_TEST(test_probe_missing)
{
	struct usage_probe p;
	char path[512];
	pid_t pid;
	int fd;

	snprintf(path, sizeof path, "%s/missing///", tmp);
	ck_assert_int_eq(usage_probe_init(&p, path), -1);
	snprintf(path, sizeof path, "%s/missing", tmp);
	ck_assert_str_eq(p.dir, path);
	ck_assert_uint_eq(p.dirlen, strlen(path));
	ck_assert(p.dev == 0);

	/* Nothing uses a directory that does not exist. */
	ck_assert_int_eq(chdir(tmp), 0);
	snprintf(path, sizeof path, "%s/f", store);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	pid = child(NULL, store, NULL);
	ck_assert(!proc_uses_dir(getpid(), &p));
	ck_assert(!proc_uses_dir(pid, &p));
	reap(pid);
	close(fd);
	ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

START_TEST(test_uses_dir_fd)
{
	struct usage_probe p;
	char path[512];
	int fd;

	ck_assert_int_eq(chdir("/"), 0);
	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	ck_assert(!proc_uses_dir(getpid(), &p));

	snprintf(path, sizeof path, "%s/deep", store);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/deep/file", store);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert(proc_uses_dir(getpid(), &p));
	close(fd);
	ck_assert(!proc_uses_dir(getpid(), &p));

	/* The directory itself open counts too. */
	fd = open(store, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert(proc_uses_dir(getpid(), &p));
	close(fd);

	/* A file under a sibling with the same prefix does not. */
	snprintf(path, sizeof path, "%s/file", sibling);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert(!proc_uses_dir(getpid(), &p));
	close(fd);
}
END_TEST

START_TEST(test_uses_dir_cwd_and_map)
{
	struct usage_probe p;
	char path[512];
	pid_t in, out;
	void *map;
	int fd;

	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	in = child(NULL, store, NULL);
	out = child(NULL, sibling, NULL);
	ck_assert(proc_uses_dir(in, &p));
	ck_assert(!proc_uses_dir(out, &p));
	reap(in);
	reap(out);

	/* A mapping that outlives its descriptor. */
	ck_assert_int_eq(chdir("/"), 0);
	snprintf(path, sizeof path, "%s/mapped", store);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	close(fd);
	ck_assert(proc_uses_dir(getpid(), &p));
	munmap(map, 4096);
	ck_assert(!proc_uses_dir(getpid(), &p));
}
END_TEST

START_TEST(test_scan_users)
{
	struct usage_probe p;
	struct proc_ref *refs = NULL;
	char path[512];
	unsigned long long st;
	ssize_t n, i;
	pid_t user, bystander;
	int fd;

	snprintf(path, sizeof path, "%s/held", store);
	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	user = child(NULL, "/", path);
	bystander = child(NULL, sibling, NULL);
	/* The test process uses the directory too, twice over. */
	ck_assert_int_eq(chdir(store), 0);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);

	n = proc_scan_users(&p, &refs);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(refs[0].pid, user);
	ck_assert_int_eq(proc_stat(user, NULL, &st), 0);
	ck_assert_uint_eq(refs[0].starttime, st);
	for (i = 0; i < n; i++) {
		ck_assert_int_ne(refs[i].pid, getpid());
		ck_assert_int_ne(refs[i].pid, bystander);
	}
	free(refs);
	close(fd);
	ck_assert_int_eq(chdir("/"), 0);
	reap(user);
	reap(bystander);

	/* Nobody left. */
	refs = NULL;
	ck_assert_int_eq(proc_scan_users(&p, &refs), 0);
	free(refs);
}
END_TEST

START_TEST(test_scan_skips_ancestors)
{
	struct usage_probe p;
	int pipefd[2], status;
	ssize_t got[2] = { -2, -2 };
	pid_t scanner;

	/* We sit in the storage; a child of ours scans from there too. */
	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	ck_assert_int_eq(chdir(store), 0);
	ck_assert_int_eq(pipe(pipefd), 0);
	scanner = fork();
	ck_assert_int_ge(scanner, 0);
	if (scanner == 0) {
		struct proc_ref *refs = NULL;
		ssize_t res[2], i;

		alarm(60);
		res[0] = proc_scan_users(&p, &refs);
		res[1] = 0;
		for (i = 0; i < res[0]; i++)
			if (refs[i].pid == getppid() || refs[i].pid == getpid())
				res[1]++;
		_exit(write(pipefd[1], res, sizeof res) == sizeof res ? 0 : 1);
	}
	close(pipefd[1]);
	ck_assert_int_eq(read(pipefd[0], got, sizeof got), sizeof got);
	close(pipefd[0]);
	ck_assert_int_eq(waitpid(scanner, &status, 0), scanner);
	ck_assert_int_eq(chdir("/"), 0);
	ck_assert_int_eq(got[1], 0);
	ck_assert_int_eq(got[0], 0);
}
END_TEST

static void *sit(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A leader that pthread_exit()s is a zombie while its other thread lives on:
 * the process is alive, and the thread's cwd is the process's. */
START_TEST(test_zombie_leader)
{
	struct usage_probe p;
	struct proc_ref ref;
	int pipefd[2];
	char c, state;
	pid_t pid;

	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		pthread_t t;

		signal(SIGTERM, SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		if (chdir(store) < 0 || pthread_create(&t, NULL, sit, NULL) != 0)
			_exit(1);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		pthread_exit(NULL);
	}
	close(pipefd[1]);
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	/* Wait for the leader to become a zombie. */
	for (state = 0; state != 'Z';)
		ck_assert_int_eq(proc_stat(pid, &state, &ref.starttime), 0);
	ref.pid = pid;
	ck_assert(proc_alive(pid));
	ck_assert(proc_same(&ref));
	ck_assert_int_eq(proc_usage(pid, &p, USAGE_CHEAP), USE_YES);
	reap(pid);
	ck_assert(!proc_alive(pid));
}
END_TEST

/* Drop CAP_SYS_PTRACE from our effective and permitted sets. */
static int drop_ptrace(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	d[CAP_SYS_PTRACE / 32].effective &= ~(1u << (CAP_SYS_PTRACE % 32));
	d[CAP_SYS_PTRACE / 32].permitted &= ~(1u << (CAP_SYS_PTRACE % 32));
	d[CAP_SYS_PTRACE / 32].inheritable &= ~(1u << (CAP_SYS_PTRACE % 32));
	return syscall(SYS_capset, &h, d) < 0 ? -1 : 0;
}

/* A process /proc will not show us "may use" the storage: never "no". */
START_TEST(test_usage_refused)
{
	struct usage_probe p;
	int status;
	pid_t user, looker;

	if (geteuid() != 0)
		return; /* only root has CAP_SYS_PTRACE to lose */
	ck_assert_int_eq(usage_probe_init(&p, store), 0);
	user = child(NULL, store, NULL);
	looker = fork();
	ck_assert_int_ge(looker, 0);
	if (looker == 0) {
		alarm(60);
		if (drop_ptrace() < 0)
			_exit(2);
		/* user has every capability, we lack one: /proc says EACCES. */
		_exit(proc_usage(user, &p, USAGE_ALL) == USE_MAYBE && p.denied ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(looker, &status, 0), looker);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(proc_usage(user, &p, USAGE_ALL), USE_YES);
	reap(user);
}
END_TEST

static Suite *proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("stat");

	tcase_add_test(tc, test_stat_self);
	tcase_add_test(tc, test_stat_gone);
	tcase_add_test(tc, test_stat_zombie);
	tcase_add_test(tc, test_stat_odd_name);
	tcase_add_test(tc, test_same_and_signal);
	suite_add_tcase(s, tc);

	tc = tcase_create("usage");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_probe_init);
	tcase_add_test(tc, test_probe_missing);
	tcase_add_test(tc, test_uses_dir_fd);
	tcase_add_test(tc, test_uses_dir_cwd_and_map);
	tcase_add_test(tc, test_scan_users);
	tcase_add_test(tc, test_scan_skips_ancestors);
	tcase_add_test(tc, test_zombie_leader);
	tcase_add_test(tc, test_usage_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(proc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
