package main

import (
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"virtnic/libvirtx"
	"virtnic/ui"
)

// tuiOpts are the root command's flags that only the terminal UI uses.
type tuiOpts struct {
	noColor bool
}

// stdin is the terminal UI's keyboard; a variable so tests can give it a
// non-terminal without touching the test binary's real stdin.
var stdin io.Reader = os.Stdin

const noTTYMsg = "the terminal UI needs a terminal: use ssh -t HOST virtnic, " +
	"or the CLI subcommands (virtnic list|show|sources|set|add|remove --help)"

const dumbMsg = "TERM=dumb: this terminal cannot draw the full-screen UI; use the CLI subcommands " +
	"(virtnic list|show|sources|set|add|remove --help), or set TERM to your terminal's type"

// runTUI checks for a terminal before connecting: without one bubbletea
// would fail only after a possibly slow remote connect, with a message about
// /dev/tty that does not say what to do.
func runTUI(g *globalOpts, o *tuiOpts, stdout io.Writer) error {
	if !isTerminal(stdin) || !isTerminal(stdout) {
		return usagef("%s", noTTYMsg)
	}
	if os.Getenv("TERM") == "dumb" {
		return usagef("%s", dumbMsg)
	}
	if err := g.checkConnFlags(); err != nil {
		return err
	}
	// libvirt binds a connection to the event loop present when it opens,
	// so the loop must run first or the UI never hears of domain changes
	// or a lost connection.
	if err := libvirtx.StartEventLoop(); err != nil {
		return err
	}
	// The UI opens the connections itself, after its first frame says
	// "connecting to HOST…"; libvirt's questions are asked with the
	// terminal handed over (see ui.Opener), one host at a time.
	return ui.Run(ui.Options{
		Hosts:    g.tuiHosts(),
		ReadOnly: g.readOnly,
		Demo:     g.demo,
		NoColor:  o.noColor,
		ASCII:    !utf8Locale(os.Getenv),
		LogFile:  g.logFile,
	})
}

// tuiHosts is one connection per -c, in order and each once (none, or
// --demo: the default URI or the demo). Several are opened in parallel by the UI;
// those whose ssh may ask on the terminal take it one after another.
func (g *globalOpts) tuiHosts() []ui.Host {
	if len(g.uris) <= 1 || g.demo {
		return []ui.Host{{Open: g.connectWith, URI: g.uri}}
	}
	var hosts []ui.Host
	seen := map[string]bool{}
	for _, uri := range g.uris {
		if seen[uri] {
			continue
		}
		seen[uri] = true
		hosts = append(hosts, ui.Host{URI: uri, Open: g.opener(uri)})
	}
	return hosts
}

// opener is connectWith for one of several URIs.
func (g *globalOpts) opener(uri string) ui.Opener {
	return func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
		return g.openHost(uri, g.readOnly, p)
	}
}

func isTerminal(f any) bool {
	// The CLI's escaping writer wraps the real stdout.
	for {
		u, ok := f.(interface{ Unwrap() io.Writer })
		if !ok {
			break
		}
		f = u.Unwrap()
	}
	file, ok := f.(*os.File)
	return ok && file != nil && term.IsTerminal(file.Fd())
}

// utf8Locale reports whether the locale's character set is UTF-8, by the
// POSIX precedence LC_ALL, LC_CTYPE, LANG. An unset locale is "C", which is
// not: an ssh session that does not pass LANG gets ASCII.
func utf8Locale(getenv func(string) string) bool {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if l := getenv(v); l != "" {
			l = strings.ToLower(l)
			return strings.Contains(l, "utf-8") || strings.Contains(l, "utf8")
		}
	}
	return false
}
