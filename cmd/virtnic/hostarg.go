package main

import (
	"errors"
	"fmt"
	"strings"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/ttyprompt"
)

// A DOMAIN may name its host: HOST:DOMAIN, or --host HOST. HOST is a -c
// value as given (or as shown, without credentials) or libvirt's host
// name. Domain names may contain ':' themselves, so the prefix is a host
// only when it is one: the longest -c value followed by ':' first (a URI
// has colons of its own), else the part before the first ':' when it is a
// connection's host name; otherwise the whole argument is the name. With
// --host the argument is always the whole name, which is how a domain
// called "hv1:web" is reached on another host.

// domainArg is what a DOMAIN argument and --host say before any host
// names are known.
type domainArg struct {
	host int    // index of the -c value named, -1 when none is
	name string // the domain to look up
	// byName is a host name to match against libvirt's (or a connection's
	// label), "" when host decides or nothing qualifies the domain.
	byName string
	// fromFlag: byName came from --host, so no match is a usage error;
	// else whole is the name to look up when byName matches no host.
	fromFlag bool
	whole    string
}

// parseDomainArg reads arg and --host against the -c values given.
func parseDomainArg(arg, hostFlag string, givens []string) domainArg {
	if hostFlag != "" {
		for i, gv := range givens {
			if namesGiven(hostFlag, gv) {
				return domainArg{host: i, name: arg}
			}
		}
		return domainArg{host: -1, name: arg, byName: hostFlag, fromFlag: true}
	}
	best, bestLen := -1, 0
	for i, gv := range givens {
		for _, form := range []string{gv, model.DisplayURI(gv)} {
			if form != "" && len(form) > bestLen && strings.HasPrefix(arg, form+":") {
				best, bestLen = i, len(form)
			}
		}
	}
	if best >= 0 {
		return domainArg{host: best, name: arg[bestLen+1:]}
	}
	if i := strings.IndexByte(arg, ':'); i > 0 && i < len(arg)-1 {
		return domainArg{host: -1, name: arg[i+1:], byName: arg[:i], whole: arg}
	}
	return domainArg{host: -1, name: arg}
}

// namesGiven: s is the -c value gv, as typed or as shown.
func namesGiven(s, gv string) bool {
	return gv != "" && (s == gv || s == model.DisplayURI(gv))
}

// uris are the -c values the argument leaves to try: the one it names, or
// all.
func (a domainArg) uris(givens []string) []string {
	if a.host >= 0 {
		return givens[a.host : a.host+1]
	}
	return givens
}

// resolve matches byName against the open hosts' names (asking libvirt's
// host name of each, in parallel) and returns the hosts to look the domain
// up on and the name to look up.
func (a domainArg) resolve(hs []*hostConn) ([]*hostConn, string, error) {
	if a.byName == "" {
		return hs, a.name, nil
	}
	eachHost(hs, func(_ int, h *hostConn) error { h.askName(); return nil })
	var match []*hostConn
	for _, h := range hs {
		if h.ok() && (h.label() == a.byName || h.hostname != "" && strings.EqualFold(h.hostname, a.byName)) {
			match = append(match, h)
		}
	}
	switch {
	case len(match) == 1:
		return match, a.name, nil
	case len(match) > 1:
		return nil, "", usagef("%s is the host name of %d connections (%s): name one by its -c value", a.byName, len(match), hostsJoin(match))
	case a.fromFlag:
		return nil, "", usagef("--host %s: no -c value or host name matches it (hosts: %s)", a.byName, hostList(hs))
	}
	return hs, a.whole, nil
}

// hostList names hosts with their host names where known: "hv1 (node1), hv2".
func hostList(hs []*hostConn) string {
	var parts []string
	for _, h := range hs {
		s := h.label()
		if h.hostname != "" && h.hostname != s {
			s += " (" + h.hostname + ")"
		}
		if !h.ok() {
			s += " (failed)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// isNoDomain: libvirt said there is no such domain.
func isNoDomain(err error) bool {
	var le *libvirtx.Error
	return errors.As(err, &le) && le.Kind == libvirtx.KindNoDomain
}

// withDomain finds the domain arg (and --host) name on the given hosts and
// runs f with its host and the loaded domain. The hosts it may be on are
// opened in parallel (only the one named, when a -c value names it) and
// asked at once, with libvirt's host name when wantName. A name on several
// hosts is a usage error naming them; hosts that fail are reported (exit
// 1) while the domain found elsewhere is shown.
func (g *globalOpts) withDomain(arg, hostFlag string, wantName bool, f func(h *hostConn, d *libvirtx.Domain) error) error {
	if err := g.checkConnFlags(); err != nil {
		return err
	}
	a := parseDomainArg(arg, hostFlag, g.uris)
	if a.host >= 0 && a.name == "" {
		return usagef("%s names a host but no domain", arg)
	}
	hs := g.openHosts(a.uris(g.connectURIs()), g.readOnly)
	defer closeHosts(hs)
	cands, name, err := a.resolve(hs)
	if err != nil {
		return g.hostsOutcome(hs, err)
	}
	doms := make([]*libvirtx.Domain, len(cands))
	eachHost(cands, func(i int, h *hostConn) (err error) {
		return h.withName(wantName, func() error { doms[i], err = h.c.LoadDomain(name); return err })
	})
	var found []int
	for i := range cands {
		if doms[i] != nil {
			found = append(found, i)
		}
	}
	return g.hostsOutcome(hs, pickDomain(cands, doms, found, name, f))
}

// pickDomain runs f on the one host the domain was found on. Hosts that
// do not have it did not fail, once another has it.
func pickDomain(cands []*hostConn, doms []*libvirtx.Domain, found []int, name string, f func(*hostConn, *libvirtx.Domain) error) error {
	switch {
	case len(found) == 1:
		for _, h := range cands {
			if isNoDomain(h.err) {
				h.err = nil
			}
		}
		h := cands[found[0]]
		return f(h, doms[found[0]])
	case len(found) > 1:
		var on []*hostConn
		for _, i := range found {
			on = append(on, cands[i])
		}
		return usagef("domain %s is on %d hosts (%s): name one as HOST:%s or with --host HOST", name, len(on), hostsJoin(on), name)
	case len(cands) > 1:
		// Each host's "no such domain" becomes one error, libvirt's
		// own words (and kind) kept; real failures stay per host.
		var first error
		var asked []*hostConn
		for _, h := range cands {
			if isNoDomain(h.err) {
				first = cmpOr(first, h.err)
				h.err = nil
				asked = append(asked, h)
			}
		}
		if first == nil {
			return nil
		}
		return &notOnAnyHost{name: name, hosts: asked, err: first}
	}
	return nil // the one host's failure is the command's
}

// notOnAnyHost: no host asked has the domain. It unwraps to the first
// host's libvirt error, so JSON keeps libvirt's code and kind.
type notOnAnyHost struct {
	name  string
	hosts []*hostConn
	err   error
}

func (e *notOnAnyHost) Error() string {
	return fmt.Sprintf("no domain %s on any of the hosts (%s)", e.name, hostsJoin(e.hosts))
}

func (e *notOnAnyHost) Unwrap() error { return e.err }

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// writeTarget picks the one connection a write goes to, and the domain
// name there. With several -c the domain must name its host: by its -c
// value, only that host is opened; by a host name, every host is opened
// read-only in parallel to ask, then closed again. With one -c (or none)
// it is that connection, and a HOST: prefix or --host that matches it is
// taken off on the connection itself (rest).
func (g *globalOpts) writeTarget(arg, hostFlag, what string) (uri string, rest domainArg, err error) {
	givens := g.connectURIs()
	a := parseDomainArg(arg, hostFlag, g.uris)
	if a.host >= 0 && a.name == "" && what != "apply" {
		return "", a, usagef("%s names a host but no domain", arg)
	}
	if !g.severalHosts() {
		return givens[0], a, nil
	}
	if a.host >= 0 {
		return givens[a.host], domainArg{host: -1, name: a.name}, nil
	}
	if a.byName != "" {
		hs := g.openHosts(givens, true)
		defer closeHosts(hs)
		cands, name, err := a.resolve(hs)
		if err != nil {
			return "", a, err
		}
		if len(cands) == 1 {
			return cands[0].given, domainArg{host: -1, name: name}, nil
		}
	}
	how := "name it as HOST:DOMAIN or with --host HOST"
	if what == "apply" {
		how = "name it with --host HOST"
	}
	return "", a, usagef("with several -c, %s writes to one host: %s (hosts: %s)", what, how, strings.Join(displayAll(givens), ", "))
}

func displayAll(givens []string) []string {
	out := make([]string, len(givens))
	for i, gv := range givens {
		out[i] = displayGiven(gv)
	}
	return out
}

// withTarget runs f on the one connection a write goes to (writeTarget)
// with the domain name to load there.
func (g *globalOpts) withTarget(arg, hostFlag, what string, f func(c *libvirtx.Conn, domain string) error) error {
	if err := g.checkConnFlags(); err != nil {
		return err
	}
	uri, a, err := g.writeTarget(arg, hostFlag, what)
	if err != nil {
		return err
	}
	c, err := g.openHost(uri, g.readOnly, ttyprompt.New())
	if err != nil {
		return err
	}
	defer c.Close()
	h := &hostConn{given: uri, c: c}
	cands, name, err := a.resolve([]*hostConn{h})
	if err != nil {
		return err
	}
	if len(cands) == 0 {
		return h.err
	}
	return f(c, name)
}
