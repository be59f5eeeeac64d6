package main

import (
	"io"
	"os"

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

// runTUI checks for a terminal before connecting: without one bubbletea
// would fail only after a possibly slow remote connect, with a message about
// /dev/tty that does not say what to do.
func runTUI(g *globalOpts, o *tuiOpts, stdout io.Writer) error {
	if !isTerminal(stdin) || !isTerminal(stdout) {
		return usagef("%s", noTTYMsg)
	}
	// libvirt binds a connection to the event loop present when it opens,
	// so the loop must run first or the UI never hears of domain changes
	// or a lost connection.
	if err := libvirtx.StartEventLoop(); err != nil {
		return err
	}
	c, err := g.connect()
	if err != nil {
		return err
	}
	defer c.Close()
	return ui.Run(ui.Options{
		Conn:     c,
		URI:      g.uri,
		ReadOnly: g.readOnly,
		Demo:     g.demo,
		NoColor:  o.noColor,
		LogFile:  g.logFile,
	})
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
