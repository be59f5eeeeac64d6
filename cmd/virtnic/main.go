// Command virtnic configures the network interfaces of libvirt domains: a
// terminal UI for people and a CLI for scripts, over one engine.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/ttyprompt"
)

// Exit codes: scripts tell a refused input from a refused operation.
const (
	exitOK         = 0
	exitLibvirt    = 1
	exitValidation = 2
)

// usageError marks mistakes in how virtnic was called (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type globalOpts struct {
	uri      string
	readOnly bool
	demo     bool
	logFile  string
	log      *log.Logger // never nil once the command runs; discards without --log
	logOut   *os.File
}

func main() {
	os.Exit(runIO(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own writers.
func run(args []string, stdout, stderr io.Writer) int {
	return runIO(args, os.Stdin, stdout, stderr)
}

// runIO is run with the standard input apply - reads.
//
// Everything the CLI prints goes through present's escaping writer: domain,
// network and device names, libvirt's messages quoting them, warnings. JSON
// is escaped by its encoder already and passes unchanged.
func runIO(args []string, stdin io.Reader, rawOut, rawErr io.Writer) int {
	stdout, stderr := present.NewSafeWriter(rawOut), present.NewSafeWriter(rawErr)
	defer stdout.Flush()
	defer stderr.Flush()
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "virtnic:", err)
	return exitCode(err)
}

func exitCode(err error) int {
	var ue *usageError
	var ve *model.ValidationError
	switch {
	case errors.As(err, &ue), errors.As(err, &ve):
		return exitValidation
	case errors.Is(err, libvirtx.ErrNotPersistent):
		return exitValidation
	}
	return exitLibvirt
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globalOpts{}
	t := &tuiOpts{}
	root := &cobra.Command{
		Use:   "virtnic",
		Short: "Configure the network interfaces of libvirt virtual machines",
		Long: `virtnic configures libvirt domains' network interfaces: network source
(virtual network, host bridge, or macvtap on a host device), macvtap source
mode, device model, MAC, link state and the 802.1Qbg/802.1Qbh/openvswitch/
midonet virtual port, validated before anything is written.

Without a subcommand it starts the terminal UI.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(g, t, stdout)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err.Error()} })
	pf := root.PersistentFlags()
	pf.StringVarP(&g.uri, "connect", "c", "", "libvirt connection URI (default: $LIBVIRT_DEFAULT_URI, else libvirt's default)")
	pf.BoolVarP(&g.readOnly, "readonly", "r", false, "open a read-only libvirt connection: nothing can be written")
	pf.BoolVar(&g.demo, "demo", false, "use the built-in demo hypervisor (changes live only in this process)")
	pf.StringVar(&g.logFile, "log", "", "append a debug log to `FILE`: what was read and written, and how (nothing is ever printed over the UI)")
	// Only the terminal UI uses this, so it is not persistent.
	root.Flags().BoolVar(&t.noColor, "no-color", false, "terminal UI without colours (also when NO_COLOR is set)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error { return g.openLog() }
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) { g.closeLog() }

	root.AddCommand(
		newListCmd(g, stdout),
		newShowCmd(g, stdout),
		newSourcesCmd(g, stdout, stderr),
		newSetCmd(g, stdout, stderr),
		newAddCmd(g, stdout, stderr),
		newRemoveCmd(g, stdout, stderr),
		newApplyCmd(g, stdin, stdout, stderr),
	)
	return root
}

// openLog opens --log FILE for appending.
func (g *globalOpts) openLog() error {
	g.log = log.New(io.Discard, "", 0)
	if g.logFile == "" {
		return nil
	}
	f, err := os.OpenFile(g.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return usagef("--log %s: %v", g.logFile, err)
	}
	g.logOut = f
	g.log = log.New(f, "virtnic ", log.LstdFlags|log.Lmicroseconds)
	return nil
}

func (g *globalOpts) closeLog() {
	if g.logOut != nil {
		g.logOut.Close()
		g.logOut = nil
	}
}

// connect opens the connection the global flags ask for. What libvirt asks
// on the way (a user name, a password, a key's passphrase, whether to trust
// a host key) is asked on the terminal, as virsh does.
func (g *globalOpts) connect() (*libvirtx.Conn, error) {
	return g.connectWith(ttyprompt.New())
}

// connectWith is connect answering libvirt's questions with p.
func (g *globalOpts) connectWith(p libvirtx.Prompter) (*libvirtx.Conn, error) {
	if err := g.checkConnFlags(); err != nil {
		return nil, err
	}
	if g.demo {
		return libvirtx.OpenDemo(g.readOnly)
	}
	c, err := libvirtx.OpenWith(g.uri, libvirtx.OpenOpts{ReadOnly: g.readOnly, Prompter: p})
	if err == nil {
		g.log.Printf("connected to %s (libvirt: %s)", c.Display(), model.DisplayURI(c.URI()))
	}
	return c, err
}

// checkConnFlags refuses flags that cannot go together, before anything
// connects.
func (g *globalOpts) checkConnFlags() error {
	if g.demo && g.uri != "" {
		return usagef("--demo and --connect exclude each other")
	}
	return nil
}

// withConn runs f with an open connection and always closes it.
func (g *globalOpts) withConn(f func(c *libvirtx.Conn) error) error {
	c, err := g.connect()
	if err != nil {
		return err
	}
	defer c.Close()
	return f(c)
}
