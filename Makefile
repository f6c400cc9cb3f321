# SPDX-License-Identifier: MIT
# scalix-ha -- the version comes from the spec, its one source of truth.
NAME      := scalix-ha
VERSION   := $(shell awk '/^Version:/ { print $$2; exit }' $(NAME).spec)

CC        ?= cc
PKGS      := libselinux rpm libxml-2.0
# popt before 1.16 (RHEL 6 has 1.13) installs no popt.pc: plain -lpopt.
POPT_CFLAGS := $(shell pkg-config --cflags popt 2>/dev/null)
POPT_LIBS := $(shell pkg-config --libs popt 2>/dev/null || echo -lpopt)
PKG_CFLAGS := $(POPT_CFLAGS) $(shell pkg-config --cflags $(PKGS))
# The helper links popt only: libselinux, librpm(io) and libxml2 are
# dlopen'ed on first use (src/dynlib.c), so the verbs a cluster runs every
# few seconds never map them.  Unit tests and fuzzers link everything.
HELPER_LIBS := $(POPT_LIBS) -ldl
PKG_LIBS  := $(shell pkg-config --libs $(PKGS)) $(POPT_LIBS) -ldl
# Their SONAMEs, read from the development libraries compiled against.
# (Debian's libselinux.pc names /usr/lib: then where the compiler finds it.)
soname     = $(shell f=$(shell pkg-config --variable=libdir $(1))/$(2); \
		[ -e "$$f" ] || f=$$($(CC) -print-file-name=$(2)); \
		objdump -p "$$f" 2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
LIBRPM_SONAME   := $(call soname,rpm,librpm.so)
LIBRPMIO_SONAME := $(call soname,rpm,librpmio.so)
LIBXML2_SONAME  := $(call soname,libxml-2.0,libxml2.so)
LIBSELINUX_SONAME := $(call soname,libselinux,libselinux.so)
# Left undefined when not found: src/rpmlib.c, xmllib.c, selinuxlib.c #error.
SONAME_CFLAGS := $(if $(LIBRPM_SONAME),-DLIBRPM_SONAME='"$(LIBRPM_SONAME)"') \
		 $(if $(LIBRPMIO_SONAME),-DLIBRPMIO_SONAME='"$(LIBRPMIO_SONAME)"') \
		 $(if $(LIBXML2_SONAME),-DLIBXML2_SONAME='"$(LIBXML2_SONAME)"') \
		 $(if $(LIBSELINUX_SONAME),-DLIBSELINUX_SONAME='"$(LIBSELINUX_SONAME)"')
CHECK_CFLAGS := $(shell pkg-config --cflags check)
CHECK_LIBS := $(shell pkg-config --libs check)
# check_proc starts a thread: pthread_create is in libpthread before glibc
# 2.34 (glibc-2.12 nptl/Versions), and Check 0.9.8's check.pc has no -pthread.
UNIT_LIBS := -pthread

# ---- Probes: one code base from RHEL 6 (gcc 4.4, glibc 2.12) to Debian 12.
# The C library's decisions are in src/compat.[ch]; the toolchain's here.
hash      := \#
# $(call cc_works,FLAGS,PROGRAM): y when PROGRAM compiles and links.
cc_works  = $(shell printf '$(2)\n' | $(CC) $(1) -x c -o /dev/null - >/dev/null 2>&1 && echo y)
# $(call cc_flag,FLAG,ELSE): FLAG when the compiler takes it, else ELSE.
cc_flag   = $(if $(call cc_works,-Werror $(1),int main(void) { return 0; }),$(1),$(2))
# -fstack-protector-strong is gcc 4.9+ (RHEL 6 has 4.4, RHEL 7 4.8).
STACK_PROTECTOR := $(call cc_flag,-fstack-protector-strong,-fstack-protector)
# Old compilers' false alarms on idioms this tree uses, off where they fire:
# a parameter named like a libc function (-Wshadow before gcc 4.8, GCC PR
# c/53066: RHEL 6), "= { 0 }" on a struct (-Wmissing-braces and
# -Wmissing-field-initializers before gcc 5, GCC PR 53119: RHEL 6 and 7).
SHADOW_OK := $(call cc_works,-Wshadow -Werror,$(hash)include <unistd.h>\nstatic int f(const char *link) { return link != 0; }\nint main(void) { return f(0); })
ZERO_INIT_OK := $(call cc_works,-Wall -Wextra -Werror,struct in { int x; };\nstruct out { struct in i; int y; };\nint main(void) { struct out o = { 0 }; return o.y; })
WARN_PROBED := $(if $(SHADOW_OK),-Wshadow) \
	$(if $(ZERO_INIT_OK),,-Wno-missing-braces -Wno-missing-field-initializers)
# clock_gettime moved from librt into libc in glibc 2.17.
RT_LIBS   := $(if $(call cc_works,,$(hash)include <time.h>\nint main(void) { struct timespec t; return clock_gettime(CLOCK_MONOTONIC, &t); }),,-lrt)

OPTFLAGS  ?= -O2 -g
CFLAGS    ?= $(OPTFLAGS)
# WERROR= builds with an older compiler whose new warnings are not errors.
WERROR    ?= -Werror
WARN      := -Wall -Wextra $(WERROR) $(WARN_PROBED) -Wformat=2 -Wstrict-prototypes
HARDEN    := -D_FORTIFY_SOURCE=2 $(STACK_PROTECTOR) -fPIE
CSTD      := -std=gnu99
ALL_CFLAGS := $(CSTD) -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -Isrc -Isrc/lib $(WARN) \
              $(HARDEN) $(PKG_CFLAGS) $(SONAME_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now $(LDFLAGS)
HELPER_LIBS += $(RT_LIBS)
PKG_LIBS  += $(RT_LIBS)

# BUILD=build/asan SANITIZE=1 gives the AddressSanitizer+UBSan build.
BUILD     ?= build
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all -U_FORTIFY_SOURCE
ALL_LDFLAGS += -fsanitize=address,undefined
endif
# FLOOR=1 (BUILD=build/floor) forces the fallbacks a RHEL 6 build takes:
# src/compat.c's, rpmlib.c's addMacro and tests/unit/check_compat.h's.
ifeq ($(FLOOR),1)
ALL_CFLAGS += -DSCALIX_HA_FLOOR
endif

# src/lib/: the pieces that know nothing of the application (parsers, writers,
# spawning, /proc, locks, logging); src/: the program, its verbs, the engine.
SRCS      := $(filter-out src/main.c,$(wildcard src/*.c src/lib/*.c))
OBJS      := $(SRCS:src/%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/check_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# Red Hat layout.
prefix    ?= /usr
sbindir   ?= $(prefix)/sbin
mandir    ?= $(prefix)/share/man
sysconfdir ?= /etc
initddir  ?= $(sysconfdir)/rc.d/init.d
# unitdir= (empty): no systemd unit (RHEL 6).
unitdir   ?= /usr/lib/systemd/system
ocfdir    ?= /usr/lib/ocf/resource.d/scalix
compdir   ?= $(prefix)/share/bash-completion/completions
DESTDIR   ?=

.PHONY: all check unit integration config package check-asan install clean format-check dist rpm
all: $(NAME)

ifeq ($(BUILD),build)
$(NAME): $(BUILD)/$(NAME)
	cp $< $@
endif

$(BUILD)/$(NAME): $(BUILD)/main.o $(BUILD)/libscalixha.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(HELPER_LIBS)

$(BUILD)/libscalixha.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libscalixha.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/libscalixha.a $(PKG_LIBS) $(CHECK_LIBS) $(UNIT_LIBS)

-include $(OBJS:.o=.d) $(BUILD)/main.d

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do CK_FORK=yes $$t; done

integration: $(BUILD)/$(NAME)
	$(MAKE) -s -C tests/integration/helpers
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/integration/run

config: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/config/run

# Builds the RPMs with rpmbuild, lints, installs, upgrades and erases them.
package: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/package/run

# Every test, as CI runs it (as root, after tools/install-deps): each part,
# the end-to-end and two-node failover tests, the helper again under
# ASan+UBSan, the analysis, fault injection and a short fuzzing pass.
CHECK_FUZZ_SECONDS ?= 10
check: all layers messages spdx unit portability integration config package e2e cluster-test
	$(MAKE) check-asan
	$(MAKE) analyze fault
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)
	@echo "check: every part passed"

# Nothing in src/lib/ includes an application header (tools/check-layers).
.PHONY: layers messages spdx
layers:
	tools/check-layers

# Every log call of one shape (tools/check-messages).
messages:
	tools/check-messages

# An SPDX licence line at the top of every source file (tools/check-spdx).
spdx:
	tools/check-spdx

# ---- Portability (RHEL/CentOS 6 to 9, Debian 12; README "Supported platforms").
# api-floor: every interface used is in doc/api-floor.tsv and at or below the
# RHEL 6 floor, or covered by the compatibility layer.  floor: the helper and
# the unit tests with every fallback forced on.  spec-floor: the spec under
# RHEL 6 to 9 macro sets, and rpmbuild without the macros rpm 4.8 lacks.
.PHONY: portability api-floor floor spec-floor
portability: api-floor floor spec-floor

api-floor: $(BUILD)/$(NAME)
	tests/portability/api-floor.sh doc/api-floor.tsv . $(BUILD) $(CC) \
		$(CSTD) -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -Isrc -Isrc/lib \
		$(PKG_CFLAGS) $(CHECK_CFLAGS) $(SONAME_CFLAGS)

floor:
	$(MAKE) BUILD=build/floor FLOOR=1 build/floor/$(NAME) unit

spec-floor:
	tests/package/spec-floor.sh

check-asan:
	$(MAKE) BUILD=build/asan SANITIZE=1 OPTFLAGS='-O1 -g' unit integration config

# $(call relpath,FROM_DIR,TO): TO relative to FROM_DIR, both absolute, by
# their names alone (RHEL 6's realpath has no --relative-to).
relpath   = $(shell awk -v from='$(1)' -v to='$(2)' 'BEGIN { \
	gsub("/+", "/", from); gsub("/+", "/", to); sub("/$$", "", from); \
	nf = split(from, f, "/"); nt = split(to, t, "/"); \
	for (i = 2; i <= nf && i < nt && f[i] == t[i]; i++) ; \
	for (j = i; j <= nf; j++) r = r "../"; \
	for (j = i; j <= nt; j++) r = r t[j] (j < nt ? "/" : ""); print r }')

install: $(NAME)
	install -D -m 0755 $(NAME) $(DESTDIR)$(sbindir)/$(NAME)
	sed 's|/usr/sbin/scalix-ha|$(sbindir)/$(NAME)|' initscripts/$(NAME) > initscripts/$(NAME).tmp
	install -D -m 0755 initscripts/$(NAME).tmp $(DESTDIR)$(initddir)/$(NAME)
	rm -f initscripts/$(NAME).tmp
	$(if $(unitdir),install -D -m 0644 systemd/$(NAME)@.service $(DESTDIR)$(unitdir)/$(NAME)@.service)
	install -d $(DESTDIR)$(ocfdir)
	ln -sf $(call relpath,$(ocfdir),$(sbindir)/$(NAME)) $(DESTDIR)$(ocfdir)/instance
	install -D -m 0644 completion/$(NAME) $(DESTDIR)$(compdir)/$(NAME)
	install -D -m 0644 sysconfig/$(NAME) $(DESTDIR)$(sysconfdir)/sysconfig/$(NAME)
	install -D -m 0644 man/$(NAME).8 $(DESTDIR)$(mandir)/man8/$(NAME).8
	install -D -m 0644 man/$(NAME)-sysconfig.5 \
		$(DESTDIR)$(mandir)/man5/$(NAME)-sysconfig.5

# The tarball the spec's Source0 names, spec inside: rpmbuild -ta works on it.
TARBALL   := $(NAME)-$(VERSION).tar.gz
dist:
	rm -f $(TARBALL)
	git ls-files -z | tar --null -T - --transform 's,^,$(NAME)-$(VERSION)/,' \
		--owner=0 --group=0 --mtime='$(shell git log -1 --format=%cI 2>/dev/null || date -I)' \
		-czf $(TARBALL)
	@echo "wrote $(TARBALL)"

# Source and binary RPMs under ./rpmbuild.  --nodeps: on Debian the rpm
# database does not know the build dependencies, which dpkg provides.
PACKAGER  ?= scalix-ha developers <scalix-ha@lists.example.org>
RPMBUILD  := rpmbuild --define '_topdir $(CURDIR)/rpmbuild' --define 'packager $(PACKAGER)' --nodeps
rpm: dist
	mkdir -p rpmbuild/SOURCES
	cp $(TARBALL) rpmbuild/SOURCES/
	$(RPMBUILD) -ba $(NAME).spec

format-check:
	clang-format --dry-run --Werror src/*.c src/*.h src/lib/*.c src/lib/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf build $(NAME) rpmbuild $(TARBALL)

# ---- Analysis, for CI: each target finds nothing or fails (`make -j2 analyze`).
CPPCHECK   ?= cppcheck
CLANG_TIDY ?= $(firstword $(shell command -v clang-tidy-14 clang-tidy 2>/dev/null) clang-tidy)
VALGRIND   ?= valgrind
# What the compiler sees, minus code generation flags clang-tidy does not know.
ANALYZE_CFLAGS := $(CSTD) -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -Isrc -Isrc/lib \
                  $(PKG_CFLAGS) $(SONAME_CFLAGS) $(CHECK_CFLAGS)
TIDY_FILES := $(patsubst src/%.c,tidy-%,$(wildcard src/*.c src/lib/*.c))

.PHONY: analyze cppcheck tidy $(TIDY_FILES) valgrind
analyze: cppcheck tidy format-check valgrind

cppcheck:
	$(CPPCHECK) --enable=warning,portability,performance --inline-suppr \
		--error-exitcode=1 --quiet --std=c99 -D_GNU_SOURCE -Isrc -Isrc/lib $(SONAME_CFLAGS) \
		src tests/unit fuzz tests/fault

# One file per run: see .clang-tidy.  Unit tests are left out: they use
# system() and strcpy on purpose to build their fixtures.
tidy: $(TIDY_FILES)
$(TIDY_FILES): tidy-%:
	@out=$$($(CLANG_TIDY) --quiet src/$*.c -- $(ANALYZE_CFLAGS) 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | grep -v ' generated\.$$' || :; exit $$rc

# The unit tests in-process (CK_FORK=no) under memcheck.
valgrind: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do \
		echo "valgrind $$t"; \
		CK_FORK=no $(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			--show-leak-kinds=definite,indirect $$t; \
	done

# ---- Fault injection: every open/write/fsync/rename of the file writers fails
# once (LD_PRELOAD shim); the files are old or new, never torn.  Needs root.
$(BUILD)/fault/shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -fPIC -shared \
		-o $@ $< -ldl

.PHONY: fault
fault: $(BUILD)/$(NAME) $(BUILD)/fault/shim.so
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) FAULT_SHIM=$(CURDIR)/$(BUILD)/fault/shim.so \
		tests/fault/run

# A real two-node failover: Corosync and Pacemaker on two simulated nodes
# (namespaces inside the test sandbox); as root, a few minutes.
.PHONY: cluster-test
cluster-test: $(BUILD)/$(NAME)
	SBX_TIMEOUT=400 SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) \
		tests/integration/run -v tests/cluster/t20-failover.sh

# End-to-end tests on a simulated node with real PostgreSQL and Tomcat (root;
# builds the RPM and installs it in each node with rpm -i): tests/e2e/run.sh.
.PHONY: e2e demo
e2e:
	tests/e2e/run.sh

# The README's walk-through on a simulated node, then the two-node failover
# of cluster-test (tests/demo/cluster.sh), from a fresh Debian 12 (root).
demo:
	tests/demo/demo.sh

# ---- Benchmarks (not tests): bench/RESULTS.md.  Needs root (a private mount
# namespace); BENCH_RUNS=N, BENCH_REAL=0 to skip real PostgreSQL/Tomcat.
.PHONY: bench
bench: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) bench/run.sh

# ---- Fuzzing: libFuzzer targets in fuzz/, seed corpora in fuzz/corpus/<target>/
# and, when there is one, a dictionary fuzz/<target>.dict
# (kept in git; what a run finds goes to build/fuzz/found/<target>/).
# `make fuzz` runs each for FUZZ_SECONDS; FUZZ_SECONDS=10 is a CI pass.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := registry settings workers serverxml serverxml_diff pathtmpl
FUZZ_BUILD   := build/fuzz
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-lib
fuzz-lib:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SANITIZE=1 \
		OPTFLAGS='-O1 -g -fsanitize=fuzzer-no-link -DREGISTRY_READ_CHUNK=7' \
		$(FUZZ_BUILD)/libscalixha.a

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz-lib
	$(FUZZ_CC) $(CSTD) -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -g -Isrc -Isrc/lib \
		$(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(FUZZ_BUILD)/libscalixha.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/found/$$t fuzz/corpus/$$t; \
		echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
		if ! $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=1024 -print_final_stats=1 \
			$$([ -f fuzz/$$t.dict ] && echo -dict=fuzz/$$t.dict) \
			-artifact_prefix=$(FUZZ_BUILD)/$$t- \
			$(FUZZ_BUILD)/found/$$t fuzz/corpus/$$t > $(FUZZ_BUILD)/$$t.log 2>&1; then \
			tail -n 40 $(FUZZ_BUILD)/$$t.log; echo "fuzz $$t: failed, input in $(FUZZ_BUILD)/$$t-*"; \
			exit 1; \
		fi; \
		grep -E '^(stat::number_of_executed_units|Done)' $(FUZZ_BUILD)/$$t.log || :; \
	done
