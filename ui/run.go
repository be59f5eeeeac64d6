package ui

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// Host is one connection the UI opens.
type Host struct {
	// Open opens the connection. Run calls it in a command once the first
	// frame ("connecting to HOST…") is drawn, and again when r retries a
	// failed first open; Run closes what it returns (and any reconnects).
	Open Opener
	URI  string // as the user gave it ("" for libvirt's default): names the host until it opens
}

// Options configure Run.
type Options struct {
	// Hosts are the connections, in the order the user gave them: one is
	// the usual session; several are merged into one domain list. They
	// open in parallel, except that those whose ssh may ask on the
	// terminal take it one after another (terminal.go).
	Hosts    []Host
	ReadOnly bool
	Demo     bool
	NoColor  bool   // --no-color; NO_COLOR in the environment does the same
	ASCII    bool   // the terminal's locale is not UTF-8
	LogFile  string // --log FILE; nothing is logged otherwise
}

// Run shows the terminal UI until the user quits. The caller has checked
// that stdin and stdout are terminals and started libvirt's event loop
// (a connection opened before it never hears of events).
func Run(opts Options) (err error) {
	if len(opts.Hosts) == 0 {
		return errors.New("ui.Run: no connection to open")
	}
	for _, h := range opts.Hosts {
		if h.Open == nil {
			return errors.New("ui.Run: no way to open the connection to " + model.DisplayURI(h.URI))
		}
	}
	// https://no-color.org: set and not empty.
	noColor := opts.NoColor || os.Getenv("NO_COLOR") != ""
	st := styles.NewFor(noColor, opts.ASCII)

	logger := log.New(io.Discard, "", 0)
	if opts.LogFile != "" {
		f, err := os.OpenFile(opts.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("open log file: %w", err)
		}
		defer f.Close()
		logger = log.New(f, "", log.LstdFlags|log.Lmicroseconds)
	}

	var (
		hosts []*common.Context
		opens []Opener
	)
	for _, h := range opts.Hosts {
		hosts = append(hosts, &common.Context{
			Host:     hostOf(h.URI, opts.Demo),
			ReadOnly: opts.ReadOnly,
			Demo:     opts.Demo,
			Styles:   st,
			Log:      logger,
		})
		opens = append(opens, h.Open)
		logger.Printf("start: host=%s readonly=%v demo=%v", hosts[len(hosts)-1].Host, opts.ReadOnly, opts.Demo)
	}

	// lipgloss asks the terminal for its background colour the first time
	// an adaptive colour is drawn. Asking now, before bubbletea reads the
	// keyboard, keeps the terminal's answer from arriving as key presses.
	_ = lipgloss.HasDarkBackground()

	app := newHosts(hosts, opens)
	for i, s := range app.sessions {
		// ssh asks on the terminal by itself; the demo never runs it.
		s.sshFirst = !opts.Demo && libvirtx.SSHMayPrompt(opts.Hosts[i].URI)
	}
	defer app.Shutdown()
	// No mouse capture: terminal selection (copy/paste over SSH) must work.
	p := tea.NewProgram(app, tea.WithAltScreen())
	app.send = p.Send
	if _, err := p.Run(); err != nil {
		logger.Printf("program ended: %v", err)
		if errors.Is(err, tea.ErrProgramPanic) {
			return fmt.Errorf("the terminal UI failed with an internal error (run with --log FILE for details): %w", err)
		}
		return fmt.Errorf("terminal UI: %w", err)
	}
	logger.Printf("quit")
	return nil
}

// hostOf names the host before it is open: as the user gave it, without
// credentials.
func hostOf(uri string, demo bool) string {
	switch {
	case demo:
		return "the demo host"
	case uri == "":
		return "libvirt's default URI"
	}
	return model.DisplayURI(uri)
}
