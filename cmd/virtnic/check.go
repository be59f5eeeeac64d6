package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"virtnic/audit"
	"virtnic/libvirtx"
	"virtnic/model"
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
			return g.withHosts(func(hs []*hostConn) error {
				surveys := make([]*model.HostSurvey, len(hs))
				eachHost(hs, func(i int, h *hostConn) (err error) {
					surveys[i], err = surveyHost(h)
					return err
				})
				if !anyOK(hs) {
					return nil
				}
				found, out := checkHosts(hs, surveys)
				if asJSON {
					if err := writeJSON(stdout, out); err != nil {
						return err
					}
				} else {
					for _, h := range out.Hosts {
						for _, w := range h.Warnings {
							if g.severalHosts() {
								w = h.URI + ": " + w
							}
							fmt.Fprintln(stderr, "virtnic: warning:", w)
						}
					}
					printFindings(stdout, found, out.Hosts, g.severalHosts())
				}
				// A host that could not be checked outweighs the
				// findings of the others (exit 1, hosts.go).
				if anyFailed(hs) {
					return nil
				}
				return verdict(found)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as JSON")
	return cmd
}

// surveyHost reads what check needs of one host: every domain's config and
// running NICs, networks and devices, in the engine's parallel reads, with
// libvirt's host name asked alongside.
func surveyHost(h *hostConn) (s *model.HostSurvey, err error) {
	err = h.withName(true, func() error {
		s, err = h.c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
		return err
	})
	return s, err
}

// checkHosts applies the rules to the hosts that were read, across them
// too. Hosts are named by their -c value as given (Display), so a finding's
// fix command is one to paste. The demo host has no URI to give: its fixes
// say --demo.
func checkHosts(hs []*hostConn, surveys []*model.HostSurvey) ([]audit.Finding, checkJSON) {
	var hosts []audit.Host
	out := checkJSON{Schema: resultSchema, Hosts: []checkHostJSON{}}
	for i, h := range hs {
		if !h.ok() {
			continue
		}
		uri := h.c.Display()
		if h.c.Demo() {
			uri = ""
		}
		hosts = append(hosts, audit.Host{URI: uri, Name: h.hostname, Survey: surveys[i]})
		out.Hosts = append(out.Hosts, checkHostJSON{URI: h.c.Display(), Host: h.hostname,
			Domains: len(surveys[i].Domains), Warnings: nonNil(surveys[i].Warnings)})
	}
	found := audit.Check(hosts)
	for i := range found {
		if found[i].URI == "" && len(hs) == 1 && hs[0].c.Demo() {
			found[i].URI = hs[0].c.Display()
			found[i].Fix = strings.Replace(found[i].Fix, "virtnic ", "virtnic --demo ", 1)
		}
	}
	out.Findings, out.Summary = nonNil(found), summary(found)
	return found, out
}

func anyFailed(hs []*hostConn) bool {
	for _, h := range hs {
		if h.err != nil {
			return true
		}
	}
	return false
}

func printFindings(w io.Writer, found []audit.Finding, hosts []checkHostJSON, several bool) {
	for _, f := range found {
		where := f.Domain
		if f.NIC != nil {
			where = fmt.Sprintf("%s NIC %d (%s)", f.Domain, f.NIC.Index, f.NIC.MAC)
		}
		switch {
		case where == "":
			where = f.URI
		case several:
			where = f.URI + ": " + where
		}
		fmt.Fprintf(w, "%-7s %s  [%s]\n        %s\n", f.Severity, where, f.Rule, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "        fix: %s\n", f.Fix)
		}
	}
	domains := 0
	for _, h := range hosts {
		domains += h.Domains
	}
	on := ""
	if several {
		on = " on " + present.Plural(len(hosts), "host")
	}
	s := summary(found)
	fmt.Fprintf(w, "%s checked%s: %s, %s, %s\n", present.Plural(domains, "domain"), on,
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
