# virtnic — the two commands a fresh Debian 12 machine needs:
#   make demo    installs what is missing, builds and runs virtnic on the demo host
#   make test    installs what the tests need, then gofmt, go vet and every test
# make demo starts the terminal UI; pass CLI arguments with ARGS, e.g.  make demo ARGS="show router-fw"

# Go from the official tarball is found even when /usr/local/go/bin is not on PATH.
export PATH := $(PATH):/usr/local/go/bin

GO          ?= go
ARGS        ?=
TEST_TIMEOUT ?= 20m
FUZZTIME    ?= 30s
BIN         ?= virtnic

# Steps run in order even under make -j (setup first).
.NOTPARALLEL:

.PHONY: all demo build test fmt-check vet unit check-demo check-hostile bench bench-remote fuzz setup-run setup-test setup-bench clean

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
	$(GO) build -o $(BIN) ./cmd/virtnic

## test: formatting, vet, the demo file check and every Go test (fuzz seed corpora run as plain tests)
test: setup-test fmt-check vet check-demo check-hostile unit

fmt-check:
	@files=$$(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'); \
	out=; [ -z "$$files" ] || out=$$(gofmt -l $$files); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting (run gofmt -w):"; echo "$$out"; exit 1; fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet ./...

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
