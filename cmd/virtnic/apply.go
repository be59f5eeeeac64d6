package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
)

// newApplyCmd writes a plan saved by --dry-run --json, exactly: the element
// a reviewer saw is the element libvirt gets, or nothing is written.
func newApplyCmd(g *globalOpts, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	f := &nicFlags{}
	cmd := &cobra.Command{
		Use:   "apply FILE",
		Short: "Apply a plan saved with --dry-run --json (FILE or - for standard input); refuses if the NIC changed since",
		Args:  exactArgs(1, "FILE (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := readPlan(args[0], stdin)
			if err != nil {
				return err
			}
			return g.withTarget("", f.host, "apply", func(c *libvirtx.Conn, _ string) error {
				g.log.Printf("apply FILE: %s %s NIC %d (%s), path %s", p.Op, p.Domain, p.Index, p.MAC, p.Path)
				res, err := c.Apply(p)
				g.logResult(res, err)
				return report(c, res, err, f, stdout, stderr)
			})
		},
	}
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print the result as JSON; errors as JSON on stderr")
	f.registerPrint(cmd.Flags())
	cmd.Flags().StringVar(&f.host, "host", "", "with several -c: the host to write the plan to, as its -c value or libvirt's host name")
	return cmd
}

// readPlan decodes a plan strictly: an unknown key means a plan from
// another virtnic or a typo, and guessing would write something unreviewed.
func readPlan(name string, stdin io.Reader) (*libvirtx.Plan, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, usagef("cannot read the plan: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p libvirtx.Plan
	if err := dec.Decode(&p); err != nil {
		return nil, usagef("%s is not a virtnic plan: %v", name, err)
	}
	if p.Schema != libvirtx.PlanSchema {
		return nil, usagef("%s is a plan of schema %d; this virtnic applies schema %d", name, p.Schema, libvirtx.PlanSchema)
	}
	if p.Domain == "" || p.UUID == "" {
		return nil, usagef("%s names no domain", name)
	}
	return &p, nil
}
