package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
)

// replans bounds how often a write plans again after another writer changed
// the NIC between virtnic's read and its write.
const replans = 3

// planFunc plans one write against a freshly loaded domain.
type planFunc func(c *libvirtx.Conn, d *libvirtx.Domain) (*libvirtx.Plan, error)

// write runs one write subcommand: load the domain, plan, and either print
// the plan (--dry-run) or apply exactly it. When another writer changed the
// NIC in between, the CLI plans again from what is there now: the user asked
// for field changes, not for one element (apply FILE, which holds a reviewed
// plan, refuses instead).
//
// With several -c the domain names its host (HOST:DOMAIN or --host), and
// only that connection writes (hostarg.go).
func (g *globalOpts) write(what, arg string, f *nicFlags, stdout, stderr io.Writer, plan planFunc) error {
	return g.withTarget(arg, f.host, what, func(c *libvirtx.Conn, domain string) error {
		for attempt := 1; ; attempt++ {
			d, err := c.LoadDomain(domain)
			if err != nil {
				return err
			}
			p, err := plan(c, d)
			var there *alreadyThere
			if errors.As(err, &there) {
				return reportUnchanged(c, d, there, f, stdout)
			}
			if err != nil {
				return err
			}
			g.log.Printf("plan: %s %s NIC %d (%s), %d change(s), path %s", p.Op, p.Domain, p.Index, p.MAC, len(p.Changes), p.Path)
			if f.dryRun {
				return printPlan(c, p, f, stdout, stderr)
			}
			res, err := c.Apply(p)
			if errors.Is(err, libvirtx.ErrConcurrentEdit) && attempt < replans {
				g.log.Printf("apply: %v; planning again (attempt %d)", err, attempt+1)
				fmt.Fprintln(stderr, "virtnic: the NIC changed while this edit was being written; planning it again on the current config")
				continue
			}
			g.logResult(res, err)
			return report(c, res, err, f, stdout, stderr)
		}
	})
}

func newSetCmd(g *globalOpts, stdout, stderr io.Writer) *cobra.Command {
	f := &nicFlags{}
	cmd := &cobra.Command{
		Use:   "set DOMAIN NIC",
		Short: "Edit a NIC (NIC = index from 'show' or MAC address)",
		Args:  exactArgs(2, "DOMAIN and NIC"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.write("set", args[0], f, stdout, stderr, func(c *libvirtx.Conn, d *libvirtx.Domain) (*libvirtx.Plan, error) {
				idx, err := findNIC(d, args[1])
				if err != nil {
					return nil, err
				}
				n, err := f.apply(cmd.Flags(), d.NICs[idx])
				if err != nil {
					return nil, err
				}
				return c.PlanSet(d, idx, n, libvirtx.PlanOpts{Force: f.force})
			})
		},
	}
	f.register(cmd.Flags())
	hostFlag(cmd, &f.host)
	return cmd
}

func newAddCmd(g *globalOpts, stdout, stderr io.Writer) *cobra.Command {
	f := &nicFlags{}
	cmd := &cobra.Command{
		Use:   "add DOMAIN",
		Short: "Add a NIC (defaults: network 'default', model virtio, a generated MAC)",
		Args:  exactArgs(1, "DOMAIN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.write("add", args[0], f, stdout, stderr, func(c *libvirtx.Conn, d *libvirtx.Domain) (*libvirtx.Plan, error) {
				n, err := f.apply(cmd.Flags(), model.NIC{})
				if err != nil {
					return nil, err
				}
				if f.ifMissing {
					if err := findExisting(d, n); err != nil {
						return nil, err
					}
				}
				return c.PlanAdd(d, n, libvirtx.PlanOpts{Force: f.force})
			})
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&f.ifMissing, "if-missing", false, "add only if the domain has no NIC with this --mac (or, without --mac, on this source): a second run changes nothing")
	hostFlag(cmd, &f.host)
	return cmd
}

func newRemoveCmd(g *globalOpts, stdout, stderr io.Writer) *cobra.Command {
	f := &nicFlags{}
	cmd := &cobra.Command{
		Use:   "remove DOMAIN NIC",
		Short: "Remove a NIC (NIC = index from 'show' or MAC address)",
		Args:  exactArgs(2, "DOMAIN and NIC"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.write("remove", args[0], f, stdout, stderr, func(c *libvirtx.Conn, d *libvirtx.Domain) (*libvirtx.Plan, error) {
				idx, err := findNIC(d, args[1])
				if err != nil {
					return nil, err
				}
				return c.PlanRemove(d, idx)
			})
		},
	}
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "print the XML diff; write nothing")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, jsonFlagHelp)
	f.registerPrint(cmd.Flags())
	hostFlag(cmd, &f.host)
	return cmd
}

// logResult records what a write did and which path it took.
func (g *globalOpts) logResult(res *libvirtx.Result, err error) {
	if err != nil {
		g.log.Printf("apply: failed: %v", err)
		return
	}
	g.log.Printf("apply: %s; live %s", res, res.Live.Status)
	for _, o := range res.Others {
		g.log.Printf("apply: kept someone else's change: %s", o)
	}
}
