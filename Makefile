# virtnic — what the README's two commands (scripts/demo.sh, scripts/test.sh) run:
#   make demo    installs what is missing, builds and runs virtnic on the demo host
#   make test    installs what the tests need, then gofmt, go vet, lint and every test
# make demo starts the terminal UI; pass CLI arguments with ARGS, e.g.  make demo ARGS="show router-fw"
# make install [PREFIX=/usr/local] [DESTDIR=…] installs the binary, man pages and completions;
# make deb writes build/virtnic_VERSION_ARCH.deb.

# Go from the official tarball is found even when /usr/local/go/bin is not on PATH.
export PATH := $(PATH):/usr/local/go/bin

GO          ?= go
ARGS        ?=
TEST_TIMEOUT ?= 20m
FUZZTIME    ?= 30s
BIN         ?= virtnic

# virtnic's version, in the binary (--version), the man pages and the .deb.
ifeq ($(origin VERSION),undefined)
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
endif
GOLDFLAGS   := -X main.version=$(VERSION)
# Man page dates and .deb file times are the commit's, so a rebuild of one
# commit gives the same files.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

# make install: GNU-style directories, each overridable.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# What make install and make deb install is built here (make clean removes it).
BUILDDIR    ?= build

# staticcheck 2025.1.1: it builds with every Go from go.mod's 1.24 on (later
# releases need Go 1.25 or 1.26 to build).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.6.1

# Steps run in order even under make -j (setup first).
.NOTPARALLEL:

.PHONY: all demo build test fmt-check vet tidy-check staticcheck unit race check-demo check-hostile check-install check-deb \
	man completions install-files install uninstall deb bench bench-remote fuzz setup-run setup-test setup-bench clean

all: build

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

setup-bench:
	@scripts/setup.sh bench

## demo: the terminal UI (or ARGS) on the embedded demo host (changes live only in that process)
demo: setup-run
	$(GO) run ./cmd/virtnic --demo $(ARGS)

## build: ./virtnic
build: setup-run
	$(GO) build -ldflags '$(GOLDFLAGS)' -o $(BIN) ./cmd/virtnic

## test: formatting, vet, go.mod tidiness, staticcheck, the demo file checks, every Go test (fuzz
## seed corpora run as plain tests), the race detector on the packages without real-daemon tests,
## make install/uninstall into a temporary DESTDIR, and the .deb installed into a temporary root
test: setup-test fmt-check vet tidy-check staticcheck check-demo check-hostile unit race check-install check-deb

fmt-check:
	@files=$$(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'); \
	out=; [ -z "$$files" ] || out=$$(gofmt -l $$files); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting (run gofmt -w):"; echo "$$out"; exit 1; fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet ./...

# go.mod and go.sum exactly as go mod tidy would write them (-diff changes nothing).
tidy-check:
	@out=$$($(GO) mod tidy -diff 2>&1) || true; \
	if [ -n "$$out" ]; then echo "go mod tidy: go.mod/go.sum are not tidy (run go mod tidy):"; echo "$$out"; exit 1; fi; \
	echo "go mod tidy: ok"

staticcheck:
	$(GO) run $(STATICCHECK) ./...
	@echo "staticcheck: ok"

check-demo:
	@scripts/check-demo.sh >/dev/null && echo "check-demo: libvirtx/demo.xml loads as written"

check-hostile:
	@scripts/check-hostile.sh >/dev/null && echo "check-hostile: testdata/hostile.xml loads as written"

# -p 1: packages whose tests start a private libvirtd (libvirtx, libvirtx/testdaemon) must not
# run at the same time: each daemon names its macvtap devices macvtap0, macvtap1, … in the one
# host network namespace, so two daemons starting guests at once collide ("File exists").
GOTESTFLAGS ?= -p 1

unit:
	$(GO) test $(GOTESTFLAGS) ./... -count=1 -timeout $(TEST_TIMEOUT)

# The packages whose tests start no private libvirtd (scripts/race.sh -list says which).
race:
	@GO=$(GO) TEST_TIMEOUT=$(TEST_TIMEOUT) scripts/race.sh

check-install:
	@scripts/check-install.sh

check-deb:
	@scripts/check-deb.sh

# The binary that install and deb ship: always rebuilt (Go's cache makes that
# cheap), so a new VERSION or source change is never missed; -trimpath keeps
# the checkout's path out of it, so any checkout of a commit builds the same bytes.
$(BUILDDIR)/virtnic: FORCE
	@mkdir -p $(BUILDDIR)
	$(GO) build -trimpath -ldflags '$(GOLDFLAGS)' -o $@ ./cmd/virtnic

## man: the man pages of virtnic and its subcommands -> $(BUILDDIR)/man (cobra's generator)
man: setup-run $(BUILDDIR)/virtnic
	@rm -rf $(BUILDDIR)/man
	$(BUILDDIR)/virtnic man $(BUILDDIR)/man

## completions: bash, zsh and fish completion scripts -> $(BUILDDIR)/completion
completions: setup-run $(BUILDDIR)/virtnic
	@mkdir -p $(BUILDDIR)/completion
	$(BUILDDIR)/virtnic completion bash > $(BUILDDIR)/completion/virtnic.bash
	$(BUILDDIR)/virtnic completion zsh > $(BUILDDIR)/completion/_virtnic
	$(BUILDDIR)/virtnic completion fish > $(BUILDDIR)/completion/virtnic.fish

install-files: man completions

## install: binary, man pages and completions under $(DESTDIR)$(PREFIX) (default /usr/local)
install: install-files
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(BUILDDIR)/virtnic $(DESTDIR)$(BINDIR)/virtnic
	install -m 0644 $(BUILDDIR)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(BUILDDIR)/completion/virtnic.bash $(DESTDIR)$(BASHCOMPDIR)/virtnic
	install -m 0644 $(BUILDDIR)/completion/_virtnic $(DESTDIR)$(ZSHCOMPDIR)/_virtnic
	install -m 0644 $(BUILDDIR)/completion/virtnic.fish $(DESTDIR)$(FISHCOMPDIR)/virtnic.fish

## uninstall: removes what install installed (same PREFIX and DESTDIR)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/virtnic \
		$(DESTDIR)$(MANDIR)/man1/virtnic.1 $(DESTDIR)$(MANDIR)/man1/virtnic-*.1 \
		$(DESTDIR)$(BASHCOMPDIR)/virtnic $(DESTDIR)$(ZSHCOMPDIR)/_virtnic $(DESTDIR)$(FISHCOMPDIR)/virtnic.fish

## deb: $(BUILDDIR)/virtnic_VERSION_ARCH.deb (dpkg-deb), Depends: libvirt0 (>= 9.0)
deb:
	@GO=$(GO) MAKE="$(MAKE)" BUILDDIR=$(BUILDDIR) VERSION=$(VERSION) scripts/deb.sh

## bench: virtnic list vs virsh list --all on 10,000 test-driver domains, the keystroke
## benchmarks, and bench-remote -> bench/RESULTS.md
bench: setup-bench
	bench/list-vs-virsh.sh
	$(GO) test ./ui/domainlist -run '^$$' -bench . -benchtime 2s -count 3
	bench/remote.sh

## bench-remote: virtnic vs virsh and virt-xml at 50 ms RTT with 200 domains (root: private
## libvirtd), and the CPU of scanning 10,000 test-driver domains -> bench/RESULTS.md
bench-remote: setup-bench
	bench/remote.sh

## fuzz: run every Fuzz target for FUZZTIME each (default 30s)
fuzz: setup-test
	@set -e; found=0; \
	for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do \
		pkg=./$$(dirname $${f#./}); \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			found=1; echo "== $$pkg $$t ($(FUZZTIME))"; \
			$(GO) test $$pkg -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME); \
		done; \
	done; \
	[ $$found = 1 ] || echo "fuzz: no Fuzz targets yet"

clean:
	rm -f $(BIN)
	rm -rf $(BUILDDIR)

FORCE:
