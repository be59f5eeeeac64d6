package ui

import (
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"

	"virtnic/model"
	"virtnic/ui/common"
)

// labelHosts gives each of several hosts its short name (Context.Label):
// what the HOST column, the header and messages call it.
func labelHosts(hosts []*common.Context) {
	given := make([]string, len(hosts))
	for i, h := range hosts {
		given[i] = h.Host
		if given[i] == "" {
			given[i] = h.URI
		}
	}
	for i, l := range hostLabels(given) {
		hosts[i].Label = l
		hosts[i].ShowHost = true
	}
}

// hostLabels names hosts by the shortest thing that tells them apart: an
// alias as given; a remote URI's host name ("qemu+ssh://root@hv1.lab/system"
// → "hv1", or "hv1.lab" when another host is also "hv1"); a test-driver
// node file's name ("test:///…/node.xml" → "node"); any other URI whole,
// without credentials. Labels that still collide fall back to the whole
// URI, and a URI given twice gets "#2".
func hostLabels(given []string) []string {
	full := make([]string, len(given))
	short := make([]string, len(given))
	for i, g := range given {
		full[i] = model.DisplayURI(g)
		if g == "" {
			full[i] = "default"
		}
		short[i] = shortLabel(g, full[i])
	}
	out := pick(short, full, func(i int) string { return fqdnLabel(given[i], full[i]) })
	seen := map[string]int{}
	for i, l := range out {
		seen[l]++
		if n := seen[l]; n > 1 {
			out[i] = l + "#" + strconv.Itoa(n)
		}
	}
	return out
}

// pick takes short[i] where it is unique, else medium(i) where that is,
// else full[i].
func pick(short, full []string, medium func(int) string) []string {
	out := make([]string, len(short))
	count := func(xs []string) map[string]int {
		c := map[string]int{}
		for _, x := range xs {
			c[x]++
		}
		return c
	}
	shorts := count(short)
	mediums := make([]string, len(short))
	for i := range short {
		mediums[i] = medium(i)
	}
	meds := count(mediums)
	for i := range short {
		switch {
		case shorts[short[i]] == 1:
			out[i] = short[i]
		case meds[mediums[i]] == 1:
			out[i] = mediums[i]
		default:
			out[i] = full[i]
		}
	}
	return out
}

// shortLabel is a host's shortest name: the first label of a remote host
// name, a node file's base name, an alias, or the URI.
func shortLabel(given, full string) string {
	host := fqdnLabel(given, full)
	if host == full || net.ParseIP(host) != nil {
		return host
	}
	first, _, _ := strings.Cut(host, ".")
	return first
}

// fqdnLabel is a remote URI's whole host name, a test-driver node file's
// base name, or full.
func fqdnLabel(given, full string) string {
	if !strings.Contains(given, "://") {
		return full // an alias, or libvirt's default
	}
	u, err := url.Parse(given)
	if err != nil {
		return full
	}
	if h := u.Hostname(); h != "" {
		return h
	}
	if u.Scheme == "test" && strings.HasSuffix(u.Path, ".xml") {
		return strings.TrimSuffix(path.Base(u.Path), ".xml")
	}
	return full
}
