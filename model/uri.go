package model

import (
	"net/url"
	"strings"
)

// hiddenParams are the URI parameters never shown: they name key, known
// hosts and certificate files, which say where credentials live.
var hiddenParams = map[string]bool{"keyfile": true, "known_hosts": true, "pkipath": true, "authfile": true}

// secretWords mark parameters that may carry a secret whatever their
// driver calls them (password=, passwd=, secret=, token=, privkey=…).
var secretWords = []string{"pass", "secret", "token", "cred", "key"}

// DisplayURI is a libvirt URI or libvirt.conf alias as it may be shown in
// the header, messages and logs: without the password of its user
// information and without the parameters that carry or locate credentials.
// Everything else stays as the user typed it, so the host can be
// recognised; an alias ("hv1") has neither and is returned unchanged.
func DisplayURI(uri string) string {
	base, query, hasQuery := strings.Cut(uri, "?")
	base = withoutPassword(base)
	if !hasQuery {
		return base
	}
	var kept []string
	// libvirt separates parameters with "&" and also accepts ";".
	for _, p := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
		if !hiddenParam(p) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return base
	}
	return base + "?" + strings.Join(kept, "&")
}

// withoutPassword drops ":password" from "scheme://user:password@host/…".
func withoutPassword(base string) string {
	scheme, rest, ok := strings.Cut(base, "://")
	if !ok {
		return base
	}
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return base
	}
	user, _, _ := strings.Cut(authority[:at], ":")
	return scheme + "://" + user + authority[at:] + path
}

func hiddenParam(p string) bool {
	name, _, _ := strings.Cut(p, "=")
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	name = strings.ToLower(strings.TrimSpace(name))
	if hiddenParams[name] {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}
