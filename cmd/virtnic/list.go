package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
)

// listJSON is a list row; the rates only with --rates, for running guests.
type listJSON struct {
	model.DomainInfo
	RxBps *float64 `json:"rx_bps,omitempty"`
	TxBps *float64 `json:"tx_bps,omitempty"`
}

func newListCmd(g *globalOpts, stdout io.Writer) *cobra.Command {
	var asJSON bool
	var rates time.Duration
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the domains of the connection with their state",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("rates") && (rates < 100*time.Millisecond || rates > time.Minute) {
				return usagef("--rates %v: allowed 100ms to 1m", rates)
			}
			return g.withConn(func(c *libvirtx.Conn) error {
				doms, err := c.ListDomains()
				if err != nil {
					return err
				}
				rows := make([]listJSON, len(doms))
				for i, d := range doms {
					rows[i].DomainInfo = d
				}
				if cmd.Flags().Changed("rates") {
					if err := measureRates(c, rows, rates); err != nil {
						return err
					}
				}
				if asJSON {
					return writeJSON(stdout, rows)
				}
				return printList(stdout, rows, cmd.Flags().Changed("rates"))
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().DurationVar(&rates, "rates", time.Second, "add each running guest's receive and transmit rate, measured over `DURATION` (two bulk calls, whatever the number of domains)")
	cmd.Flags().Lookup("rates").NoOptDefVal = "1s"
	return cmd
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

func printList(w io.Writer, rows []listJSON, withRates bool) error {
	tw := present.NewTable(w, "")
	head := []string{"ID", "NAME", "STATE", "PERSISTENT"}
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
