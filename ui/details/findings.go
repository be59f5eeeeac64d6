package details

import (
	"strconv"
	"strings"

	"virtnic/audit"
	"virtnic/model"
	"virtnic/ui/styles"
)

// findingsNote is the NIC page title's word on what virtnic check finds on
// this NIC (the root keeps Context.Findings current with the survey): the
// worst finding's rule, and how many more; "" when none. The domain list's
// ! says why.
func (m *Model) findingsNote(n model.NIC) string {
	var worst *audit.Finding
	count := 0
	for i, f := range m.ctx.Findings {
		if f.Domain != m.d.Info.Name || f.NIC == nil || !strings.EqualFold(f.NIC.MAC, n.MAC) || f.Severity == audit.Info {
			continue
		}
		count++
		if worst == nil || f.Severity > worst.Severity {
			worst = &m.ctx.Findings[i]
		}
	}
	if worst == nil {
		return ""
	}
	text := styles.FindingSymbol(worst.Severity) + " " + worst.Rule
	if count > 1 {
		text += " +" + strconv.Itoa(count-1)
	}
	return m.ctx.Styles.Finding(worst.Severity).Render(text)
}
