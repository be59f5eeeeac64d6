package main

import (
	"errors"
	"fmt"
	"io"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
)

// printPlan is --dry-run: the plan as JSON, or its diff and what each field
// would do on the running guest.
func printPlan(c *libvirtx.Conn, p *libvirtx.Plan, f *nicFlags, stdout, stderr io.Writer) error {
	if f.asJSON {
		return writeJSON(stdout, p)
	}
	for _, w := range p.Warnings {
		fmt.Fprintln(stderr, "virtnic: warning:", w)
	}
	fmt.Fprint(stdout, p.Diff)
	what := fmt.Sprintf("%s NIC %d (%s)", p.Domain, p.Index, p.MAC)
	switch p.Op {
	case model.OpSet:
		if p.Empty() {
			fmt.Fprintf(stdout, "%s: nothing to change\n", what)
			return nil
		}
		fmt.Fprintf(stdout, "%s: config not written (dry run)\n", what)
		for _, fo := range p.Changes {
			fmt.Fprintf(stdout, "  %s; live: %s\n", present.ChangeLine(fo.Change), present.LiveText(fo.Live))
		}
	default:
		var live libvirtx.LiveOutcome
		if p.Live != nil {
			live = *p.Live
		}
		fmt.Fprintf(stdout, "%s would be %s: config not written (dry run); live: %s\n", what, present.OpPast(p.Op), present.LiveText(live))
	}
	for field, v := range p.Generated {
		fmt.Fprintf(stdout, "  generated %s: %s\n", field, v)
	}
	return nil
}

// report prints a write's result: the outcome on stdout, warnings on
// stderr, so a script reading stdout gets only the result it asked for.
func report(c *libvirtx.Conn, res *libvirtx.Result, err error, f *nicFlags, stdout, stderr io.Writer) error {
	if err != nil {
		if errors.Is(err, libvirtx.ErrConcurrentEdit) {
			return fmt.Errorf("%w; nothing was written: run the command again to edit the current config", err)
		}
		return err
	}
	if f.asJSON {
		return reportJSON(c, res, f, stdout)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "virtnic: warning:", w)
	}
	for _, o := range res.Others {
		fmt.Fprintln(stderr, "virtnic: meanwhile, someone else changed the domain (kept):", o)
	}
	if c.Demo() {
		fmt.Fprintln(stderr, "virtnic: demo hypervisor: this change lives only in this process and is gone when it exits")
	}
	p := res.Plan
	what := fmt.Sprintf("%s NIC %d (%s)", p.Domain, res.Index, p.MAC)
	if p.Op == model.OpRemove {
		what = fmt.Sprintf("%s NIC %d (%s)", p.Domain, p.Index, p.MAC)
	}
	config := "applied"
	if res.Verified != "" {
		config = "written (verified after reconnect)"
	}
	switch {
	case p.Empty():
		fmt.Fprintf(stdout, "%s: nothing to change\n", what)
	case p.Op == model.OpSet:
		fmt.Fprintf(stdout, "%s: config %s\n", what, config)
		for _, fo := range res.Fields {
			fmt.Fprintf(stdout, "  %s; live: %s\n", present.ChangeLine(fo.Change), present.LiveText(fo.Live))
		}
	default:
		fmt.Fprintf(stdout, "%s %s: config %s; live: %s\n", what, present.OpPast(p.Op), config, present.LiveText(res.Live))
	}
	if f.printXML {
		// The write read the config with its secrets (so a define keeps
		// them); printing them takes --security-info, as with virsh.
		x, err := c.PersistentXML(p.UUID, f.securityInfo)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, x)
	}
	return nil
}

func reportJSON(c *libvirtx.Conn, res *libvirtx.Result, f *nicFlags, stdout io.Writer) error {
	out := newResultJSON(c, res)
	if f.printXML {
		x, err := c.PersistentXML(res.Plan.UUID, f.securityInfo)
		if err != nil {
			return err
		}
		out.XML = x
	}
	return writeJSON(stdout, out)
}
