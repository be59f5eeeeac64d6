package hardware

import "testing"

func TestCPUPage(t *testing.T) {
	runPageCases(t, "CPUs", []pageCase{
		{"placement, cpuset, clusters", `<domain type='kvm'><name>c</name>
  <vcpu placement='static' cpuset='0-3'>2</vcpu>
  <cpu mode='host-model'><topology sockets='1' dies='1' clusters='2' cores='1' threads='1'/></cpu>
</domain>`, pairs(
			"vCPUs", "2",
			"Placement", "static",
			"CPU set", "0-3",
			"CPU mode", "host-model",
			"Topology", "sockets=1 dies=1 clusters=2 cores=1 threads=1",
		)},
		{"current equal to maximum is not a range", `<domain type='kvm'><name>c</name><vcpu current='4'>4</vcpu></domain>`,
			pairs("vCPUs", "4")},
		{"topology without dies or clusters", `<domain type='kvm'><name>c</name><vcpu>8</vcpu>
  <cpu mode='custom' match='minimum'><model fallback='allow'>EPYC</model><topology sockets='2' cores='2' threads='2'/></cpu>
</domain>`, pairs(
			"vCPUs", "8",
			"CPU mode", "custom",
			"CPU model", "EPYC",
			"Match", "minimum",
			"Topology", "sockets=2 cores=2 threads=2",
		)},
		{"neither vcpu nor cpu", `<domain type='kvm'><name>c</name></domain>`, nil},
	})
}
