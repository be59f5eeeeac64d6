// Command virtnic configures the network interfaces of libvirt domains: a
// terminal UI for people and a CLI for scripts, over one engine.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
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
	// uris are the -c values in order (hosts.go): the terminal UI opens
	// each; uri is the last, the one host of a single-host subcommand.
	uris     []string
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
//
// Shell completion's answers are the exception: the protocol separates a
// candidate from its description with a tab, which the writer would escape,
// so complete.go escapes each candidate itself.
func runIO(args []string, stdin io.Reader, rawOut, rawErr io.Writer) int {
	stdout, stderr := present.NewSafeWriter(rawOut), present.NewSafeWriter(rawErr)
	defer stdout.Flush()
	defer stderr.Flush()
	root := newRootCmd(stdin, stdout, stderr)
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		root.SetOut(rawOut)
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var verdict *checkExit
	var failed *hostsFailed
	switch {
	case errors.As(err, &failed):
		printHostsFailed(stderr, failed, wantsJSON(cmd))
	case errors.As(err, &verdict):
		return verdict.code // check printed its findings already
	case wantsJSON(cmd):
		writeErrorJSON(stderr, err)
	default:
		fmt.Fprintln(stderr, "virtnic:", err)
	}
	return exitCode(err)
}

// wantsJSON: a command run with --json reports its failure as JSON too, so
// a script parses one format whatever happened.
func wantsJSON(cmd *cobra.Command) bool {
	if cmd == nil {
		return false
	}
	f := cmd.Flags().Lookup("json")
	return f != nil && f.Value.String() == "true"
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
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(g, t, stdout)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err.Error()} })
	pf := root.PersistentFlags()
	pf.StringArrayVarP(&g.uris, "connect", "c", nil, "libvirt connection `URI` or libvirt.conf alias; repeat it for several hosts (default: $LIBVIRT_DEFAULT_URI, else libvirt's default)")
	pf.BoolVarP(&g.readOnly, "readonly", "r", false, "open a read-only libvirt connection: nothing can be written")
	pf.BoolVar(&g.demo, "demo", false, "use the built-in demo hypervisor (changes live only in this process)")
	pf.StringVar(&g.logFile, "log", "", "append a debug log to `FILE`: what was read and written, and how (nothing is ever printed over the UI)")
	// Only the terminal UI uses this, so it is not persistent.
	root.Flags().BoolVar(&t.noColor, "no-color", false, "terminal UI without colours (also when NO_COLOR is set)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if err := g.openLog(); err != nil {
			return err
		}
		g.uri = g.lastURI()
		g.log.Printf("%s %s", cmd.CommandPath(), strings.Join(args, " "))
		return nil
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) { g.closeLog() }

	root.AddCommand(
		newListCmd(g, stdout),
		newShowCmd(g, stdout),
		newSourcesCmd(g, stdout, stderr),
		newSetCmd(g, stdout, stderr),
		newAddCmd(g, stdout, stderr),
		newRemoveCmd(g, stdout, stderr),
		newApplyCmd(g, stdin, stdout, stderr),
		newCheckCmd(g, stdout, stderr),
		newManCmd(root),
	)
	addVersionFlag(root, g, stdout)
	// Cobra adds help and completion only when it executes; made now, they
	// get examples, completions and usage errors like the others.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range []*cobra.Command{root, findCmd(root, "completion")} {
		// A command with subcommands takes no argument of its own: one is a
		// mistyped subcommand (without a Run, cobra would print help and
		// succeed). Cobra sets the suggestion distance only for its own
		// message.
		c.Args, c.SuggestionsMinimumDistance = noArgs, 2
		if c.Run == nil && c.RunE == nil {
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		}
	}
	setExamples(root)
	registerCompletions(root, g)
	usageErrors(root)
	logFailures(root, g)
	return root
}

// logFailures puts every command's error into --log FILE too, and closes
// the log then: cobra's PersistentPostRun runs only after a success.
func logFailures(c *cobra.Command, g *globalOpts) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			err := run(cmd, args)
			if err != nil && g.log != nil {
				g.log.Printf("%s failed (exit %d): %v", cmd.CommandPath(), exitCode(err), err)
				g.closeLog()
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		logFailures(sub, g)
	}
}

func findCmd(root *cobra.Command, name string) *cobra.Command {
	for _, c := range root.Commands() {
		if c.Name() == name {
			return c
		}
	}
	panic("no subcommand " + name)
}

// noArgs refuses arguments as a usage error; on a command with subcommands
// an argument is a mistyped subcommand, with cobra's suggestions.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasAvailableSubCommands() {
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usagef("%s (see %s --help)", msg, cmd.CommandPath())
	}
	return usagef("%s takes no arguments (got %q)", cmd.CommandPath(), args)
}

// usageErrors makes every argument check of every command, cobra's own
// (completion, its shells) included, fail as a usage error, and help of an
// unknown topic too: cobra returns plain errors (exit 1) or, for help,
// prints the root's help and succeeds. Flag errors have the root's
// SetFlagErrorFunc, which subcommands inherit.
func usageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := check(cmd, args)
			var ue *usageError
			if err != nil && !errors.As(err, &ue) {
				return &usageError{err.Error()}
			}
			return err
		}
	}
	if c.Name() == "help" && c.Run != nil {
		c.RunE = strictHelp(c.Run)
		c.Run = nil
	}
	for _, sub := range c.Commands() {
		usageErrors(sub)
	}
}

// strictHelp refuses help for a command that does not exist, where cobra
// would show the root's help: "virtnic help lsit" is a typo to report.
func strictHelp(help func(*cobra.Command, []string)) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			if target, rest, err := cmd.Root().Find(args); err != nil || target == cmd.Root() && len(rest) > 0 {
				return noArgs(cmd.Root(), args)
			}
		}
		help(cmd, args)
		return nil
	}
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

// connectWith opens the connection the global flags ask for, answering
// libvirt's questions (a user name, a password, a key's passphrase, whether
// to trust a host key) with p: the one connection (the last -c) of the
// terminal UI. The CLI's commands open every -c (hosts.go).
func (g *globalOpts) connectWith(p libvirtx.Prompter) (*libvirtx.Conn, error) {
	if err := g.checkConnFlags(); err != nil {
		return nil, err
	}
	return g.openHost(g.lastURI(), g.readOnly, p)
}

// checkConnFlags refuses flags that cannot go together, before anything
// connects.
func (g *globalOpts) checkConnFlags() error {
	if g.demo && len(g.uris) > 0 {
		return usagef("--demo and --connect exclude each other")
	}
	seen := map[string]bool{}
	for _, u := range g.uris {
		if seen[displayGiven(u)] {
			return usagef("-c %s is given twice", displayGiven(u))
		}
		seen[displayGiven(u)] = true
	}
	return nil
}

// logConnect records which connection a command got: as libvirt names it
// and as the user did, both without credentials (model.DisplayURI).
func (g *globalOpts) logConnect(c *libvirtx.Conn, err error) (*libvirtx.Conn, error) {
	if g.log != nil && err == nil {
		g.log.Printf("connected to %s (as %s, %s)", model.DisplayURI(c.URI()), c.Display(),
			map[bool]string{true: "read-only", false: "read-write"}[c.ReadOnly()])
	}
	return c, err
}
