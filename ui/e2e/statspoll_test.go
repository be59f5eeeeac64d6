package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"virtnic/libvirtx/testdaemon"
)

// Two private libvirtds with a running guest each, in one terminal UI:
// while the domain list shows the rate column, each host is asked for its
// counters by one bulk call (virConnectGetAllDomainStats) per 2 s tick and
// nothing else; never a call per domain. The client's libvirt debug log
// counts the calls, by connection.
func TestTUIStatsPollOneCallPerHostPerTick(t *testing.T) {
	if skipAll != "" {
		t.Skip(skipAll)
	}
	d1, d2 := testdaemon.Start(t), testdaemon.Start(t)
	veth, _ := testdaemon.Veth(t, "vnpl")
	for i, d := range []*testdaemon.Daemon{d1, d2} {
		name := "vnpoll" + strconv.Itoa(i+1)
		d.DefineDomain(t, name, testdaemon.DisklessDomainXML(name, testdaemon.MAC(0x7e2000+i), veth, "bridge"))
		d.StartDomain(t, name)
		// A second, shut off domain: the poll must not grow with domains.
		off := name + "off"
		d.DefineDomain(t, off, testdaemon.DisklessDomainXML(off, testdaemon.MAC(0x7e2010+i), veth, "bridge"))
	}
	logFile := filepath.Join(t.TempDir(), "client.log")
	tm := startEnv(t, 100, 30, []string{"TERM=xterm-256color", "LANG=C.UTF-8",
		"LIBVIRT_LOG_OUTPUTS=1:file:" + logFile, "LIBVIRT_LOG_FILTERS=1:rpc"},
		"-c", d1.URI(), "-c", d2.URI())
	tm.waitFor(`vnpoll1`, `vnpoll2`, `RX/TX B/s`)
	// The first rate needs two samples; then the list idles for a while.
	tm.waitFor(`vnpoll1\s+\d+\s+\S+/\S+`)
	before := pollCalls(t, logFile)
	const idle = 7 * time.Second
	time.Sleep(idle)
	after := pollCalls(t, logFile)
	tm.keys("q")
	tm.waitFor(`virtnic exited 0`)

	if len(after) != 2 {
		t.Fatalf("calls by connection: %v, want the two hosts'", after)
	}
	ticks := int(idle / (2 * time.Second))
	for client, a := range after {
		b := before[client]
		stats := a[procGetAllDomainStats] - b[procGetAllDomainStats]
		if stats < ticks-1 || stats > ticks+1 {
			t.Errorf("host %s: %d bulk stats calls in %v, want one per 2 s tick (%d)", client, stats, idle, ticks)
		}
		for proc, n := range a {
			if proc != procGetAllDomainStats && n != b[proc] {
				t.Errorf("host %s: %d more calls of procedure %d while the list idled; only the bulk stats call may repeat", client, n-b[proc], proc)
			}
		}
	}
}

const procGetAllDomainStats = 344

// The probe line libvirt's RPC client logs for every call it queues.
var txLine = regexp.MustCompile(`RPC_CLIENT_MSG_TX_QUEUE: client=(0x[0-9a-f]+) len=\d+ prog=536903814 vers=\d+ proc=(\d+) type=0 `)

// pollCalls counts the remote calls in the client log so far, by
// connection and procedure.
func pollCalls(t *testing.T, logFile string) map[string]map[int]int {
	t.Helper()
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int]int{}
	for _, m := range txLine.FindAllStringSubmatch(string(data), -1) {
		proc, _ := strconv.Atoi(m[2])
		if out[m[1]] == nil {
			out[m[1]] = map[int]int{}
		}
		out[m[1]][proc]++
	}
	return out
}
