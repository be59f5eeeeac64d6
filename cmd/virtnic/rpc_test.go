package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

// TestLibvirtCallCounts proves what each command costs in libvirt RPC
// calls as the host grows: over qemu+ssh every call is a network round
// trip, so `list`, a link toggle and a model change must cost the same
// whatever the number of domains, and what must read every domain reads
// each once. It runs the real binary against a private libvirtd with the
// client's libvirt debug log on and counts the calls the remote driver
// sends, with 2 and then 42 domains.
func TestLibvirtCallCounts(t *testing.T) {
	d := testdaemon.Start(t)
	t0 := time.Now()
	bin := virtnicBinary(t)

	var names []string
	define := func(n int) {
		t.Helper()
		for i := len(names); i < n; i++ {
			name := fmt.Sprintf("vnrpc%02d", i)
			// Defined only, never started: the NIC's device need not exist.
			d.DefineDomain(t, name, testdaemon.DisklessDomainXML(name, testdaemon.MAC(0x7e0000+i), "vnrpcnone", "vepa"))
			names = append(names, name)
		}
	}
	list := func() rpcCount {
		t.Helper()
		out, c := runCounted(t, bin, "-c", d.URI(), "list", "--json")
		var doms []model.DomainInfo
		if err := json.Unmarshal([]byte(out), &doms); err != nil {
			t.Fatalf("list --json: %v\n%s", err, out)
		}
		var got []string
		for _, dom := range doms {
			got = append(got, dom.Name)
			if dom.State != model.StateShutoff || !dom.Persistent || dom.ID != -1 || dom.UUID == "" {
				t.Errorf("list: %+v, want a persistent shut off domain with ID -1 and a UUID", dom)
			}
		}
		if !slices.Equal(got, names) {
			t.Fatalf("list: domains %v, want %v", got, names)
		}
		return c
	}

	// Each command's cost at 2 and at 42 domains. Edits that need nothing
	// of other domains must cost the same; those that read every domain
	// (a new MAC must be unique, sources lists who uses what) may add at
	// most one call per domain, issued in parallel.
	type probe struct {
		name     string
		args     func(round int) []string
		constant bool
	}
	target := "vnrpc00"
	probes := []probe{
		{"list", func(int) []string { return []string{"list", "--json"} }, true},
		{"set --link", func(r int) []string { return []string{"set", target, "0", "--link", []string{"down", "up"}[r]} }, true},
		{"set --model", func(r int) []string { return []string{"set", target, "0", "--model", []string{"e1000e", "rtl8139"}[r]} }, true},
		{"set --mac", func(int) []string { return []string{"set", target, "0", "--mac", "random"} }, false},
		{"add", func(int) []string {
			return []string{"add", target, "--direct", "vnrpcnone", "--mode", "vepa", "--force"}
		}, false},
		{"sources", func(int) []string { return []string{"sources", "--json"} }, false},
		// Two samples of every running guest's counters: one bulk call each.
		{"list --rates", func(int) []string { return []string{"list", "--json", "--rates=100ms"} }, true},
	}
	counts := make([][2]rpcCount, len(probes))
	for round, n := range []int{2, 42} {
		define(n)
		list()
		for i, p := range probes {
			_, counts[i][round] = runCounted(t, bin, append([]string{"-c", d.URI()}, p.args(round)...)...)
		}
	}
	for i, p := range probes {
		small, large := counts[i][0], counts[i][1]
		t.Logf("virtnic %-12s %3d RPC calls with 2 domains, %3d with 42", p.name, small.total, large.total)
		t.Logf("    2: %s", small)
		t.Logf("   42: %s", large)
		switch {
		case p.constant && small.total != large.total:
			t.Errorf("virtnic %s makes %d libvirt calls with 2 domains but %d with 42: its cost grows with the number of domains\n  2: %s\n 42: %s",
				p.name, small.total, large.total, small, large)
		case !p.constant && large.domainCalls()-small.domainCalls() > 40:
			t.Errorf("virtnic %s grows by %d calls for 40 more domains: more than one call per domain\n  2: %s\n 42: %s",
				p.name, large.domainCalls()-small.domainCalls(), small, large)
		}
		// libvirtd's udev interface backend corrupts its heap under
		// parallel interface calls (libvirtx.libvirtIfaces): never more
		// than one at a time. The domain reads do run in parallel.
		if n := large.maxInFlight[procInterfaceGetXMLDesc]; n > 1 {
			t.Errorf("virtnic %s had %d host interface reads in flight at once, want one at a time", p.name, n)
		}
		if n := large.maxInFlight[procDomainGetXMLDesc]; !p.constant && n < 2 {
			t.Errorf("virtnic %s read 42 domains with at most %d call in flight: the reads are not parallel", p.name, n)
		}
		for api, n := range large.byAPI {
			if strings.HasPrefix(api, "virDomainGetState/") && n > 1 {
				t.Errorf("virtnic %s called %s %d times: domain states must come from the bulk call", p.name, api, n)
			}
		}
	}
	if rates, plain := counts[len(probes)-1][1], counts[0][1]; rates.total != plain.total+2 ||
		rates.procCalls(procConnectGetAllDomainStats) != plain.procCalls(procConnectGetAllDomainStats)+2 {
		t.Errorf("list --rates makes %d calls, list %d: want exactly two more, both the bulk stats call\n  list: %s\n  rates: %s", rates.total, plain.total, plain, rates)
	}
	if counts[1][1].total > 30 {
		t.Errorf("virtnic set --link makes %d calls, want at most 30", counts[1][1].total)
	}

	// The counter itself: a show reads the domain, so it sees calls.
	_, show := runCounted(t, bin, "-c", d.URI(), "show", names[0])
	if show.total <= 0 {
		t.Errorf("virtnic show counted %d RPC calls, want > 0: the log counter is broken", show.total)
	}
	t.Logf("build, 42 domains and the counted runs took %v", time.Since(t0))
}

// domainCalls leaves out the reads of host interfaces and node devices:
// they grow with the host's links, which other tests on the machine add
// and remove meanwhile, not with its domains.
//
// The host reads are told by their procedure number, not by the API the log
// attributes them to: concurrent reads interleave their API entry lines, so
// a node device XML read may be logged under the virNodeDeviceGetName that
// another goroutine entered just before it.
func (c rpcCount) domainCalls() int {
	return c.total - c.procCalls(procInterfaceGetXMLDesc) - c.procCalls(procNodeDeviceGetXMLDesc)
}

// Remote protocol procedure numbers (remote_protocol.x) of the host reads.
const (
	procNodeDeviceGetXMLDesc     = 114
	procInterfaceGetXMLDesc      = 130
	procDomainGetXMLDesc         = 14
	procConnectGetAllDomainStats = 344
)

// procCalls is how many RPCs of procedure proc were sent, whatever API
// the log attributed them to.
func (c rpcCount) procCalls(proc int) int {
	n := 0
	suffix := fmt.Sprintf("/proc=%d", proc)
	for k, v := range c.byAPI {
		if strings.HasSuffix(k, suffix) {
			n += v
		}
	}
	return n
}

// rpcCount is the number of RPC calls of one run, in total and by the
// public libvirt API that sent them.
type rpcCount struct {
	total int
	byAPI map[string]int
	// maxInFlight is, by procedure, the most calls of it that were
	// waiting for their replies at one moment.
	maxInFlight map[int]int
}

func (c rpcCount) String() string {
	apis := make([]string, 0, len(c.byAPI))
	for api := range c.byAPI {
		apis = append(apis, api)
	}
	sort.Strings(apis)
	var b strings.Builder
	for i, api := range apis {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s×%d", api, c.byAPI[api])
	}
	return b.String()
}

var (
	// virNetClientIO logs this line once for every message the client
	// sends and waits on; type=0 is VIR_NET_CALL (a call with a reply, i.e.
	// one round trip), serial numbers are unique per call.
	rpcOutgoing = regexp.MustCompile(`: (\d+): debug : virNetClientIO:\d+ : Outgoing message prog=(\d+) version=\d+ serial=(\d+) proc=(\d+) type=0 `)
	// The probe line the same thread logs just before, naming the client:
	// serial numbers are unique per connection, and a run may have several.
	rpcQueued = regexp.MustCompile(`: (\d+): info : virNetClientSendInternal:\d+ : RPC_CLIENT_MSG_TX_QUEUE: client=(0x[0-9a-f]+) `)
	// The debug line every public API entry point (libvirt-*.c) logs first.
	// The probe lines of a call queued (type=0) and of a reply received
	// (type=1), which tell how many calls of a procedure overlapped.
	rpcTx       = regexp.MustCompile(`RPC_CLIENT_MSG_TX_QUEUE: client=(0x[0-9a-f]+) len=\d+ prog=\d+ vers=\d+ proc=(\d+) type=0 status=\d+ serial=(\d+)`)
	rpcRx       = regexp.MustCompile(`RPC_CLIENT_MSG_RX: client=(0x[0-9a-f]+) len=\d+ prog=\d+ vers=\d+ proc=(\d+) type=1 status=\d+ serial=(\d+)`)
	rpcAPIEntry = regexp.MustCompile(`: debug : (vir(?:Connect|Domain|Network|Node|Interface|Storage|Secret|NWFilter)\w*):\d+ : `)
)

// runCounted runs the virtnic binary with the client's libvirt debug log
// on (public API entry points and the RPC client only) and returns its
// standard output and the RPC calls it made.
func runCounted(t *testing.T, bin string, args ...string) (string, rpcCount) {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "client.log")
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(),
		"LIBVIRT_LOG_OUTPUTS=1:file:"+logFile,
		"LIBVIRT_LOG_FILTERS=1:libvirt 1:rpc",
		"LIBVIRT_DEFAULT_URI=", "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("virtnic %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("client libvirt log: %v", err)
	}
	c := rpcCount{byAPI: map[string]int{}, maxInFlight: map[int]int{}}
	seen := map[string]bool{}
	clientOf := map[string]string{} // by thread
	api := "?"
	out := map[string]bool{} // calls waiting for their replies, by client/serial
	inFlight := map[int]int{}
	for _, line := range strings.Split(string(data), "\n") {
		if m := rpcTx.FindStringSubmatch(line); m != nil {
			proc, _ := strconv.Atoi(m[2])
			out[m[1]+"/"+m[3]] = true
			inFlight[proc]++
			c.maxInFlight[proc] = max(c.maxInFlight[proc], inFlight[proc])
		}
		if m := rpcRx.FindStringSubmatch(line); m != nil && out[m[1]+"/"+m[3]] {
			proc, _ := strconv.Atoi(m[2])
			delete(out, m[1]+"/"+m[3])
			inFlight[proc]--
		}
		if m := rpcAPIEntry.FindStringSubmatch(line); m != nil {
			api = m[1]
			continue
		}
		if m := rpcQueued.FindStringSubmatch(line); m != nil {
			clientOf[m[1]] = m[2]
			continue
		}
		m := rpcOutgoing.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key := clientOf[m[1]] + "/" + m[2] + "/" + m[3]
		if seen[key] {
			t.Fatalf("client libvirt log: serial %s sent twice:\n%s", key, line)
		}
		seen[key] = true
		c.total++
		c.byAPI[api+"/proc="+m[4]]++
	}
	if c.total == 0 {
		t.Fatalf("virtnic %s: no RPC call in the client libvirt log %s (%d bytes): the log format changed?", strings.Join(args, " "), logFile, len(data))
	}
	return stdout.String(), c
}
