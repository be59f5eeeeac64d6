package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/ttyprompt"
)

// Several -c: each names a host of its own. They open in parallel, since
// every open over ssh or TLS costs several round trips, and each fails
// alone: its error is reported, the others' output is printed, and the
// exit status is 1. One -c (or none) behaves as a single connection always
// did: its failure is the command's failure, printed as before.

// hostConn is one -c connection of a command.
type hostConn struct {
	given string         // the -c value as typed; "" for libvirt's default
	c     *libvirtx.Conn // nil when it did not open
	err   error          // why it failed, opening or reading; nil while it goes on
	// hostname is libvirt's name for the host, once asked ("" when libvirt
	// could not say); asked marks that it was.
	hostname string
	asked    bool
}

// ok reports whether the host is open and nothing on it failed yet.
func (h *hostConn) ok() bool { return h.c != nil && h.err == nil }

// label names the host in text output and messages: the -c value as given
// without credentials (libvirtx.Conn.Display), which tells connections
// apart even when two reach hosts of one name.
func (h *hostConn) label() string {
	if h.c != nil {
		return h.c.Display()
	}
	return displayGiven(h.given)
}

// displayGiven is how a -c value is named before (or without) a
// connection, as libvirtx names it: without credentials.
func displayGiven(uri string) string {
	if uri == "" {
		return "libvirt's default URI"
	}
	return model.DisplayURI(uri)
}

// connectURIs is what a command connects to: every -c in order, or
// libvirt's default.
func (g *globalOpts) connectURIs() []string {
	if len(g.uris) == 0 {
		return []string{""}
	}
	return g.uris
}

// severalHosts reports whether more than one -c was given.
func (g *globalOpts) severalHosts() bool { return len(g.uris) > 1 }

// lastURI is the connection of the single-host openers: the last -c, as
// when -c was a plain string flag. (The terminal UI opens every -c.)
func (g *globalOpts) lastURI() string {
	if len(g.uris) == 0 {
		return ""
	}
	return g.uris[len(g.uris)-1]
}

// openHost opens one connection as the global flags ask (--demo, or uri),
// answering libvirt's questions with p, and logs it.
func (g *globalOpts) openHost(uri string, readOnly bool, p libvirtx.Prompter) (*libvirtx.Conn, error) {
	if g.demo {
		return g.logConnect(libvirtx.OpenDemo(readOnly))
	}
	return g.logConnect(libvirtx.OpenWith(uri, libvirtx.OpenOpts{ReadOnly: readOnly, Prompter: p}))
}

// openHosts opens uris in parallel. libvirt's questions are asked one at a
// time on the terminal and, with several hosts, name the host they are for.
func (g *globalOpts) openHosts(uris []string, readOnly bool) []*hostConn {
	hs := make([]*hostConn, len(uris))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, u := range uris {
		h := &hostConn{given: u}
		hs[i] = h
		p := libvirtx.Prompter(ttyprompt.New())
		if len(uris) > 1 {
			p = namedPrompter{mu: &mu, host: displayGiven(u), p: p}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.c, h.err = g.openHost(h.given, readOnly, p)
		}()
	}
	wg.Wait()
	return hs
}

// namedPrompter serialises the questions of connections opening at once,
// so two hosts never ask on the terminal together, and says whose they are.
type namedPrompter struct {
	mu   *sync.Mutex
	host string
	p    libvirtx.Prompter
}

func (n namedPrompter) Prompt(creds []libvirtx.Credential) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range creds {
		creds[i].Prompt = n.host + ": " + creds[i].Prompt
	}
	return n.p.Prompt(creds)
}

// closeHosts closes every host at once: a close is a round trip each, and
// one after another they would add one per host to every command.
func closeHosts(hs []*hostConn) {
	var wg sync.WaitGroup
	for _, h := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.c.Close() // nil-safe
		}()
	}
	wg.Wait()
}

// eachHost runs f on every host still going, all at once; a host whose f
// fails keeps the error and drops out.
func eachHost(hs []*hostConn, f func(i int, h *hostConn) error) {
	var wg sync.WaitGroup
	for i, h := range hs {
		if !h.ok() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.err = f(i, h)
		}()
	}
	wg.Wait()
}

// withName runs read and, when want, asks libvirt's host name at the same
// time: over a remote connection the name costs no round trip of its own.
// A host that cannot say its name is "" (the uri still names it).
func (h *hostConn) withName(want bool, read func() error) error {
	if !want || h.asked {
		return read()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.askName()
	}()
	err := read()
	<-done
	return err
}

func (h *hostConn) askName() {
	if h.asked {
		return
	}
	h.hostname, _ = h.c.Hostname()
	h.asked = true
}

func anyOK(hs []*hostConn) bool {
	for _, h := range hs {
		if h.ok() {
			return true
		}
	}
	return false
}

// withHosts opens every -c in parallel, runs f on them and closes them.
// f prints what the hosts that answered gave (nothing when none did); the
// failures come back in the error.
func (g *globalOpts) withHosts(f func(hs []*hostConn) error) error {
	if err := g.checkConnFlags(); err != nil {
		return err
	}
	hs := g.openHosts(g.connectURIs(), g.readOnly)
	defer closeHosts(hs)
	return g.hostsOutcome(hs, f(hs))
}

// hostsOutcome is a command's error: with one -c (or none), the host's
// failure as it always was; with several, every host that failed, then err
// (a failure of the command as a whole, e.g. an ambiguous domain name).
func (g *globalOpts) hostsOutcome(hs []*hostConn, err error) error {
	var failed []*hostConn
	for _, h := range hs {
		if h.err != nil {
			failed = append(failed, h)
		}
	}
	if !g.severalHosts() {
		if err == nil && len(failed) > 0 {
			return failed[0].err
		}
		return err
	}
	if len(failed) == 0 {
		return err
	}
	return &hostsFailed{failed: failed, of: len(g.uris), then: err}
}

// hostsFailed reports the hosts of a several-host command that failed;
// what the others gave is printed already. Its exit status is then's when
// there is one (a usage error stays 2), else 1.
type hostsFailed struct {
	failed []*hostConn
	of     int
	then   error
}

func (e *hostsFailed) Error() string {
	var lines []string
	for _, h := range e.failed {
		lines = append(lines, hostMessage(h))
	}
	if e.then != nil {
		lines = append(lines, e.then.Error())
	}
	return strings.Join(lines, "\n")
}

func (e *hostsFailed) Unwrap() error { return e.then }

// summary is the one-line account of the failure, for JSON's "error".
func (e *hostsFailed) summary() string {
	var names []string
	for _, h := range e.failed {
		names = append(names, h.label())
	}
	return fmt.Sprintf("%d of %d hosts failed: %s", len(e.failed), e.of, strings.Join(names, ", "))
}

// hostMessage is a host's error named by the host, unless libvirtx's
// message names it already ("connect to HOST: …").
func hostMessage(h *hostConn) string {
	msg := h.err.Error()
	if strings.HasPrefix(msg, "connect to "+h.label()+":") {
		return msg
	}
	return h.label() + ": " + msg
}

// printHostsFailed is runIO's report of hostsFailed: a line per host (and
// then the command's own error) in text; under --json one error document
// whose "errors" has an entry per host.
func printHostsFailed(w io.Writer, e *hostsFailed, asJSON bool) {
	if asJSON {
		writeHostsErrorJSON(w, e)
		return
	}
	for _, h := range e.failed {
		fmt.Fprintln(w, "virtnic:", hostMessage(h))
	}
	if e.then != nil {
		fmt.Fprintln(w, "virtnic:", e.then)
	}
}

// hostsJoin names hosts for a message: "hv1, hv2".
func hostsJoin(hs []*hostConn) string {
	names := make([]string, len(hs))
	for i, h := range hs {
		names[i] = h.label()
	}
	return strings.Join(names, ", ")
}

// hostHeading starts a host's part of show's and sources' text output
// when several -c are given.
func hostHeading(w io.Writer, h *hostConn, first bool) {
	if !first {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "== %s ==\n", h.label())
}
