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
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// Options configure Run.
type Options struct {
	Conn     *libvirtx.Conn // open connection; Run closes it (and any reconnects) on return
	URI      string         // as the user gave it; "" uses the connection's own
	ReadOnly bool
	Demo     bool
	NoColor  bool   // --no-color; NO_COLOR in the environment does the same
	ASCII    bool   // the terminal's locale is not UTF-8
	LogFile  string // --log FILE; nothing is logged otherwise
}

// Run shows the terminal UI until the user quits. The caller has checked
// that stdin and stdout are terminals, started libvirt's event loop before
// opening Conn, and owns no further use of Conn.
func Run(opts Options) (err error) {
	if opts.Conn == nil {
		return errors.New("ui.Run: no connection")
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

	// libvirt's resolved URI: reconnecting must reach the same host even
	// when the user relied on LIBVIRT_DEFAULT_URI or libvirt's probing.
	uri := opts.Conn.URI()
	if uri == "" {
		uri = opts.URI
	}
	ctx := &common.Context{
		Conn:     opts.Conn,
		URI:      uri,
		ReadOnly: opts.ReadOnly || opts.Conn.ReadOnly(),
		Demo:     opts.Demo || opts.Conn.Demo(),
		Styles:   st,
		Log:      logger,
	}
	logger.Printf("start: uri=%s readonly=%v demo=%v", ctx.URI, ctx.ReadOnly, ctx.Demo)

	// lipgloss asks the terminal for its background colour the first time
	// an adaptive colour is drawn. Asking now, before bubbletea reads the
	// keyboard, keeps the terminal's answer from arriving as key presses.
	_ = lipgloss.HasDarkBackground()

	app := New(ctx)
	defer app.Shutdown()
	// No mouse capture: terminal selection (copy/paste over SSH) must work.
	p := tea.NewProgram(app, tea.WithAltScreen())
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
