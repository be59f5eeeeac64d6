package main

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
)

// listJSON is a list row; the rates only with --rates, for running guests.
type listJSON struct {
	model.DomainInfo
	// URI names the connection as given (-c, without credentials), Host
	// is libvirt's name for the host ("" when it could not say).
	URI   string   `json:"uri"`
	Host  string   `json:"host"`
	RxBps *float64 `json:"rx_bps,omitempty"`
	TxBps *float64 `json:"tx_bps,omitempty"`
}

func newListCmd(g *globalOpts, stdout io.Writer) *cobra.Command {
	var asJSON bool
	var rates time.Duration
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the domains of the connection (of every -c) with their state",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			withRates := cmd.Flags().Changed("rates")
			if withRates && (rates < 100*time.Millisecond || rates > time.Minute) {
				return usagef("--rates %v: allowed 100ms to 1m", rates)
			}
			return g.withHosts(func(hs []*hostConn) error {
				perHost := make([][]listJSON, len(hs))
				eachHost(hs, func(i int, h *hostConn) (err error) {
					perHost[i], err = listHost(h, asJSON, withRates, rates)
					return err
				})
				if !anyOK(hs) {
					return nil
				}
				rows := mergeRows(hs, perHost, g.severalHosts())
				if asJSON {
					return writeJSON(stdout, rows)
				}
				return printList(stdout, rows, withRates, g.severalHosts())
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().DurationVar(&rates, "rates", time.Second, "add each running guest's receive and transmit rate, measured over `DURATION` (two bulk calls per host, whatever the number of domains)")
	cmd.Flags().Lookup("rates").NoOptDefVal = "1s"
	return cmd
}

// listHost reads one host's rows: the bulk listing with libvirt's host
// name asked alongside (JSON only: the text names hosts by -c), then the
// rates.
func listHost(h *hostConn, withName, withRates bool, over time.Duration) ([]listJSON, error) {
	var doms []model.DomainInfo
	err := h.withName(withName, func() (err error) {
		doms, err = h.c.ListDomains()
		return err
	})
	if err != nil {
		return nil, err
	}
	rows := make([]listJSON, len(doms))
	for i, d := range doms {
		rows[i] = listJSON{DomainInfo: d, URI: h.c.Display(), Host: h.hostname}
	}
	if withRates {
		if err := measureRates(h.c, rows, over); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// mergeRows puts the hosts' rows together: as libvirt listed them for one
// host; sorted by host, then name, for several.
func mergeRows(hs []*hostConn, perHost [][]listJSON, several bool) []listJSON {
	rows := []listJSON{}
	for i, h := range hs {
		if h.ok() {
			rows = append(rows, perHost[i]...)
		}
	}
	if several {
		sort.SliceStable(rows, func(i, j int) bool {
			if rows[i].URI != rows[j].URI {
				return rows[i].URI < rows[j].URI
			}
			return rows[i].Name < rows[j].Name
		})
	}
	return rows
}

// measureRates samples every running guest's counters twice, one bulk
// call each, and gives each row the sum over its interfaces.
func measureRates(c *libvirtx.Conn, rows []listJSON, over time.Duration) error {
	first, err := c.NetStats()
	if err != nil {
		return err
	}
	time.Sleep(over)
	second, err := c.NetStats()
	if err != nil {
		return err
	}
	rates := model.Rates(first, second)
	for i := range rows {
		if r, ok := model.DomainRate(rates, second, rows[i].UUID); ok {
			rx, tx := r.Rx, r.Tx
			rows[i].RxBps, rows[i].TxBps = &rx, &tx
		}
	}
	return nil
}

func printList(w io.Writer, rows []listJSON, withRates, withHost bool) error {
	tw := present.NewTable(w, "")
	head := []string{"ID", "NAME", "STATE", "PERSISTENT"}
	if withHost {
		head = append([]string{"HOST"}, head...)
	}
	if withRates {
		head = append(head, "RX", "TX")
	}
	tw.Row(head...)
	for _, d := range rows {
		id := "-"
		if d.ID >= 0 {
			id = fmt.Sprint(d.ID)
		}
		cells := []string{id, d.Name, string(d.State), yesNo(d.Persistent)}
		if withHost {
			cells = append([]string{d.URI}, cells...)
		}
		if withRates {
			cells = append(cells, rateCell(d.RxBps), rateCell(d.TxBps))
		}
		tw.Row(cells...)
	}
	return tw.Flush()
}

func rateCell(v *float64) string {
	if v == nil {
		return "-"
	}
	return present.Rate(*v)
}
