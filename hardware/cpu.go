package hardware

import (
	"fmt"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// cpuRows is the CPUs page: the vCPU allocation, then the guest CPU model.
func cpuRows(d *domain) [][2]string {
	var rows [][2]string
	if v := d.VCPU; v != nil {
		vcpus := strconv.FormatUint(uint64(v.Value), 10)
		if v.Current > 0 && v.Current != v.Value {
			vcpus = fmt.Sprintf("%d (maximum %d)", v.Current, v.Value)
		}
		rows = append(rows, rowsOf("vCPUs", vcpus, "Placement", v.Placement, "CPU set", v.CPUSet)...)
	}
	if c := d.CPU; c != nil {
		var model string
		if c.Model != nil {
			model = c.Model.Value
		}
		rows = append(rows, rowsOf("CPU mode", c.Mode, "CPU model", model, "Match", c.Match)...)
		if t := c.Topology; t != nil {
			rows = append(rows, [2]string{"Topology", topology(t)})
		}
	}
	return rows
}

// topology names dies and clusters only when set: most guests have neither,
// and "dies=0" would read as a misconfiguration.
func topology(t *libvirtxml.DomainCPUTopology) string {
	parts := []string{fmt.Sprintf("sockets=%d", t.Sockets)}
	if t.Dies > 0 {
		parts = append(parts, fmt.Sprintf("dies=%d", t.Dies))
	}
	if t.Clusters > 0 {
		parts = append(parts, fmt.Sprintf("clusters=%d", t.Clusters))
	}
	parts = append(parts, fmt.Sprintf("cores=%d", t.Cores), fmt.Sprintf("threads=%d", t.Threads))
	return strings.Join(parts, " ")
}
