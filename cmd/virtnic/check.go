package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"virtnic/audit"
	"virtnic/libvirtx"
	"virtnic/present"
)

// Exit codes of check, next to 0/1/2: a script tells "found problems"
// from "could not look".
const (
	exitWarnings = 3
	exitErrors   = 4
)

// checkExit carries check's verdict as an exit status; it has already
// been printed, so runIO prints nothing more.
type checkExit struct{ code int }

func (e *checkExit) Error() string { return fmt.Sprintf("check found problems (exit %d)", e.code) }

type checkJSON struct {
	Schema   int             `json:"schema"`
	Hosts    []checkHostJSON `json:"hosts"`
	Findings []audit.Finding `json:"findings"`
	Summary  map[string]int  `json:"summary"`
}

type checkHostJSON struct {
	URI      string   `json:"uri"`
	Host     string   `json:"host"`
	Domains  int      `json:"domains"`
	Warnings []string `json:"warnings"`
}

func newCheckCmd(g *globalOpts, stdout, stderr io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check every NIC of every domain: duplicate MACs, shared passthrough, macvtap modes, missing sources",
		Long: `check reads every domain and the host's networks and devices, and reports what
breaks or may break traffic: duplicate MACs, a device passed through while
others use it, macvtap modes on one device that cannot reach each other,
802.1Qbg without a VLAN, a virtual port that does not suit the source, NICs
on a network, portgroup, device or bridge that does not exist, and (info)
running guests whose NICs differ from their config.

Exit status: 0 nothing found (or information only), 3 warnings only,
4 errors found; 1 and 2 as for every command.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withConn(func(c *libvirtx.Conn) error {
				h, warnings, err := surveyHost(c)
				if err != nil {
					return err
				}
				hosts := []audit.Host{h}
				found := audit.Check(hosts)
				if asJSON {
					out := checkJSON{Schema: resultSchema, Findings: nonNil(found), Summary: summary(found)}
					out.Hosts = []checkHostJSON{{URI: h.URI, Host: h.Name, Domains: len(h.Survey.Domains), Warnings: nonNil(warnings)}}
					if err := writeJSON(stdout, out); err != nil {
						return err
					}
				} else {
					for _, w := range warnings {
						fmt.Fprintln(stderr, "virtnic: warning:", w)
					}
					printFindings(stdout, found, len(h.Survey.Domains))
				}
				return verdict(found)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as JSON")
	return cmd
}

// surveyHost reads what check needs of one host: every domain's config and
// running NICs, networks and devices, in the engine's parallel reads.
func surveyHost(c *libvirtx.Conn) (audit.Host, []string, error) {
	s, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		return audit.Host{}, nil, err
	}
	name, err := c.Hostname()
	if err != nil {
		name = "" // the findings still say which URI
	}
	return audit.Host{URI: c.URI(), Name: name, Survey: s}, s.Warnings, nil
}

func printFindings(w io.Writer, found []audit.Finding, domains int) {
	for _, f := range found {
		where := f.Domain
		if f.NIC != nil {
			where = fmt.Sprintf("%s NIC %d (%s)", f.Domain, f.NIC.Index, f.NIC.MAC)
		}
		if where == "" {
			where = f.URI
		}
		fmt.Fprintf(w, "%-7s %s  [%s]\n        %s\n", f.Severity, where, f.Rule, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "        fix: %s\n", f.Fix)
		}
	}
	s := summary(found)
	fmt.Fprintf(w, "%s checked: %s, %s, %s\n", present.Plural(domains, "domain"),
		present.Plural(s["error"], "error"), present.Plural(s["warning"], "warning"), present.Plural(s["info"], "note"))
}

func summary(found []audit.Finding) map[string]int {
	s := map[string]int{"error": 0, "warning": 0, "info": 0}
	for _, f := range found {
		s[f.Severity.String()]++
	}
	return s
}

func verdict(found []audit.Finding) error {
	worst, any := audit.Worst(found)
	switch {
	case !any || worst == audit.Info:
		return nil
	case worst == audit.Warning:
		return &checkExit{exitWarnings}
	}
	return &checkExit{exitErrors}
}
