package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// comparison is one operation: series[0] is virtnic, the rest its peers.
type comparison struct {
	title  string
	series []*series
	goals  []goal
}

// goal is a target for virtnic's median, judged on this run's figures.
type goal struct {
	text  string
	judge func() (measured string, met, known bool)
}

// ratioGoal: virtnic's median wall ≤ factor × series[peer]'s.
func ratioGoal(c *comparison, peer int, factor float64, text string) goal {
	return goal{text, func() (string, bool, bool) {
		vn, p := c.series[0], c.series[peer]
		if !vn.ok() || !p.ok() {
			return "not measured", false, false
		}
		r := ratio(vn.walls().med, p.walls().med)
		return fmt.Sprintf("%.2f×", r), r <= factor, true
	}}
}

// rttGoal: virtnic's median wall ≤ n round trips.
func rttGoal(c *comparison, rtt time.Duration, n float64) goal {
	return wallGoal(c.series[0], time.Duration(n*float64(rtt)), rtt, fmt.Sprintf("≤ %g RTT", n))
}

// wallGoal: s's median wall ≤ limit.
func wallGoal(s *series, limit, rtt time.Duration, text string) goal {
	return goal{text, func() (string, bool, bool) {
		if !s.ok() {
			return "not measured", false, false
		}
		m := s.walls().med
		return fmt.Sprintf("%.2f s = %.0f RTT", m.Seconds(), ratio(m, rtt)), m <= limit, true
	}}
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

// spreadCell is "min / median / max" in seconds.
func spreadCell(s spread) string {
	return secs(s.min) + " / **" + secs(s.med) + "** / " + secs(s.max)
}

// table writes the comparisons as one table: per tool, the wall spread,
// round trips, RPC calls of the counted run, and virtnic ÷ tool.
func table(b *strings.Builder, rtt time.Duration, cs []*comparison) {
	b.WriteString("| operation | tool | command | runs | wall min / **median** / max (s) | median ÷ RTT | RPC calls | virtnic ÷ this |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range cs {
		vn := c.series[0]
		for i, s := range c.series {
			op := ""
			if i == 0 {
				op = c.title
			}
			fmt.Fprintf(b, "| %s | %s | `%s` | %s | %s | %s | %s | %s |\n",
				op, s.tool, s.label, runsCell(s), wallCell(s), rttCell(s, rtt), callsCell(s), ratioCell(vn, s, i))
		}
	}
}

// runsCell is the number of timed runs, and of failed (repeated) ones.
func runsCell(s *series) string {
	if len(s.failed) > 0 {
		return fmt.Sprintf("%d (%d failed)", len(s.samples), len(s.failed))
	}
	return fmt.Sprint(len(s.samples))
}

func wallCell(s *series) string {
	if !s.ok() {
		return "failed"
	}
	return spreadCell(s.walls())
}

func rttCell(s *series, rtt time.Duration) string {
	if !s.ok() {
		return "–"
	}
	return fmt.Sprintf("%.0f", ratio(s.walls().med, rtt))
}

func callsCell(s *series) string {
	if s.calls < 0 {
		return "–"
	}
	return fmt.Sprint(s.calls)
}

func ratioCell(vn, s *series, i int) string {
	if i == 0 || !vn.ok() || !s.ok() {
		return "–"
	}
	return fmt.Sprintf("%.2f×", ratio(vn.walls().med, s.walls().med))
}

// goalsTable lists every goal with the figure it is judged on.
func goalsTable(b *strings.Builder, cs []*comparison) {
	b.WriteString("| operation | goal | measured (virtnic median) | met |\n| --- | --- | --- | --- |\n")
	for _, c := range cs {
		for _, g := range c.goals {
			m, met, known := g.judge()
			verdict := "no"
			switch {
			case !known:
				verdict = "–"
			case met:
				verdict = "yes"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", c.title, g.text, m, verdict)
		}
	}
}

// rawRuns lists every timed run in seconds, and why a series stopped.
func rawRuns(b *strings.Builder, cs []*comparison) {
	for _, c := range cs {
		for _, s := range c.series {
			var ws []string
			for _, x := range s.samples {
				ws = append(ws, secs(x.wall))
			}
			fmt.Fprintf(b, "- %s, %s `%s`: %s", c.title, s.tool, s.label, strings.Join(ws, ", "))
			if s.err != nil {
				fmt.Fprintf(b, " — stopped: %s", brief(s.err))
			}
			b.WriteString("\n")
			for _, err := range s.failed {
				fmt.Fprintf(b, "  - a failed run, repeated: %s\n", brief(err))
			}
		}
	}
}

// brief is an error for the report: without the screen of a terminal UI
// wait, on one line.
func brief(err error) string {
	var se *screenError
	if errors.As(err, &se) {
		return oneLine(se.msg)
	}
	return oneLine(err.Error())
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ReplaceAll(s, "|", "\\|")
}
