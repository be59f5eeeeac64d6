package e2e

import "testing"

// The demo host's check findings by keyboard at 80x24: the rows carry
// their marks, ! lists the findings with reason and fix, enter opens the
// finding's NIC, whose page names the rule; esc returns to the list.
func TestCheckFindingsView(t *testing.T) {
	tm := start(t, 80, 24, "--demo")
	tm.waitFor(`12 domains`, `build-runner\s+3\s+!1`, `db01\s+2\s+✗1`)
	tm.keys("!")
	tm.waitFor(`Findings  what virtnic check reports for the demo host`,
		`! warning build-runner NIC 1 \(52:54:00:3a:30:02\)  \[mode-mix\]`,
		`fix: virtnic set build-runner 1 --mode bridge`,
		`✗ error   db01 NIC 0 \(52:54:00:3a:20:01\)  \[passthrough-twice\]`,
		`1 error · 1 warning · no notes`)
	tm.keys("j", "Enter")
	tm.waitFor(`db01 — `, `✗ passthrough-twice`, `Source mode\s+passthrough`)
	tm.keys("Escape")
	tm.waitFor(`› NIC :3a:20:01`)
	tm.keys("Escape")
	tm.waitFor(`Findings  what virtnic check`)
	tm.keys("Escape")
	tm.waitFor(`12 domains \(12 shown\)`)
}
