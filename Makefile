# scalix-ha -- the version comes from the spec, its one source of truth.
NAME      := scalix-ha
VERSION   := $(shell awk '/^Version:/ { print $$2; exit }' $(NAME).spec)

CC        ?= cc
PKGS      := popt libselinux rpm libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS  := $(shell pkg-config --libs $(PKGS))
CHECK_CFLAGS := $(shell pkg-config --cflags check)
CHECK_LIBS := $(shell pkg-config --libs check)

OPTFLAGS  ?= -O2 -g
CFLAGS    ?= $(OPTFLAGS)
WARN      := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes
HARDEN    := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE -DVERSION='"$(VERSION)"' $(WARN) \
              $(HARDEN) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pie -Wl,-z,relro,-z,now $(LDFLAGS)

# BUILD=build/asan SANITIZE=1 gives the AddressSanitizer+UBSan build.
BUILD     ?= build
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all -U_FORTIFY_SOURCE
ALL_LDFLAGS += -fsanitize=address,undefined
endif

SRCS      := $(filter-out src/main.c,$(wildcard src/*.c))
OBJS      := $(SRCS:src/%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/check_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# Red Hat layout.
prefix    ?= /usr
sbindir   ?= $(prefix)/sbin
mandir    ?= $(prefix)/share/man
sysconfdir ?= /etc
initddir  ?= $(sysconfdir)/rc.d/init.d
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
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libscalixha.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libscalixha.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Isrc $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/libscalixha.a $(PKG_LIBS) $(CHECK_LIBS)

-include $(OBJS:.o=.d) $(BUILD)/main.d

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do CK_FORK=yes $$t; done

integration: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/integration/run

config: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/config/run

# Builds the RPMs with rpmbuild, lints, installs, upgrades and erases them.
package: $(BUILD)/$(NAME)
	SCALIX_HA_BIN=$(CURDIR)/$(BUILD)/$(NAME) tests/package/run

# Every test, as CI runs it; then the same under ASan+UBSan.
check: all unit integration config package
	$(MAKE) check-asan

check-asan:
	$(MAKE) BUILD=build/asan SANITIZE=1 OPTFLAGS='-O1 -g' unit integration config

install: $(NAME)
	install -D -m 0755 $(NAME) $(DESTDIR)$(sbindir)/$(NAME)
	sed 's|/usr/sbin/scalix-ha|$(sbindir)/$(NAME)|' initscripts/$(NAME) > initscripts/$(NAME).tmp
	install -D -m 0755 initscripts/$(NAME).tmp $(DESTDIR)$(initddir)/$(NAME)
	rm -f initscripts/$(NAME).tmp
	install -D -m 0644 systemd/$(NAME)@.service $(DESTDIR)$(unitdir)/$(NAME)@.service
	install -d $(DESTDIR)$(ocfdir)
	ln -sf $$(realpath -m --relative-to=$(ocfdir) $(sbindir)/$(NAME)) \
		$(DESTDIR)$(ocfdir)/instance
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
	clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c

clean:
	rm -rf build $(NAME) rpmbuild $(TARBALL)
