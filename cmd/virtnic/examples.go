package main

import "github.com/spf13/cobra"

// examples are the Example blocks of the subcommands' help. Every line that
// is not a comment is a command that works against the demo host:
// examples_test.go runs each one there (with --demo, and --dry-run where it
// would write), so an example cannot rot.
var examples = map[string]string{
	"list": `  # Every domain with its ID, state and whether it is persistent
  virtnic list
  # As JSON, for scripts
  virtnic list --json
  # Another host, over ssh; -r needs only libvirt's read-only socket
  virtnic -c qemu+ssh://admin@kvm1.example.org/system -r list`,

	"show": `  # The NICs of web01: source, mode, model, link, virtual port, live differences
  virtnic show web01
  # A domain by its ID or UUID, as virsh accepts (a domain's name always wins)
  virtnic show 1
  virtnic show 8e15856d-731d-41c5-91d1-45bf07222a89
  # As JSON, for scripts
  virtnic show router-fw --json`,

	"check": `  # Every NIC of every domain against the rules that break traffic, with fixes
  virtnic check || echo "check found problems (exit $?: 3 warnings, 4 errors)"
  # As JSON for monitoring; the exit status says the worst severity
  virtnic check --json > findings.json || [ $? -ge 3 ]`,

	"sources": `  # Virtual networks with their portgroups, host bridges, macvtap host devices
  # and who uses them, and the devices not offered, with the reason
  virtnic sources
  virtnic sources --json`,

	"set": `  # Pull the virtual cable of NIC 0 (live on a running guest, and in its config)
  virtnic set web01 0 --link down
  # Name the NIC by its MAC; move it to macvtap on eth0 in bridge mode
  virtnic set web01 52:54:00:3a:10:01 --direct eth0 --mode bridge
  # Another portgroup of the NIC's network
  virtnic set staging-web 0 --portgroup vlan-20
  # An 802.1Qbg virtual port's VSI manager
  virtnic set router-fw 0 --managerid 12
  # VLAN 42 on an Open vSwitch port; a trunk whose native VLAN 100 goes untagged
  virtnic set ovs-tenant 0 --vlan 42
  virtnic set ovs-tenant 3 --vlan 100,200,300 --vlan-native 100:untagged
  # Jumbo frames on a bridge NIC (after the guest's next shutdown)
  virtnic set ovs-tenant 2 --mtu 9000
  # See the XML diff and what would apply live; write nothing
  virtnic set win2022 1 --model virtio --dry-run`,

	"add": `  # A NIC with the defaults: network 'default', model virtio, a new MAC
  virtnic add ci-worker
  # macvtap on eth0 in private mode, model e1000e
  virtnic add db01 --direct eth0 --mode private --model e1000e
  # On the host bridge br0 with a given MAC, cable pulled
  virtnic add win2022 --bridge br0 --mac 52:54:00:3a:40:09 --link down
  # On an openvswitch network's portgroup
  virtnic add ovs-tenant --network ovs-net --portgroup vlan-10`,

	"remove": `  # Remove NIC 1 (from the config, and unplugged live if the guest runs)
  virtnic remove win2022 1
  # By MAC, after looking at the diff
  virtnic remove web01 52:54:00:3a:10:02 --dry-run`,

	"apply": `  # Save a plan, review it, then write exactly it (refused if the NIC changed since)
  virtnic set web01 0 --model e1000e --dry-run --json > plan.json
  virtnic apply plan.json
  # Straight from a pipe, and print the domain XML libvirt stored
  virtnic set db01 1 --link down --dry-run --json | virtnic apply --print-xml -`,

	"completion": `  # Complete domains, NICs, networks, bridges and host devices in this bash
  source <(virtnic completion bash)
  # and in every new bash
  echo 'source <(virtnic completion bash)' >> ~/.bashrc
  # zsh, fish and PowerShell: how to load theirs
  virtnic completion zsh --help`,
}

// setExamples gives each subcommand its example block.
func setExamples(root *cobra.Command) {
	for _, c := range root.Commands() {
		if ex, ok := examples[c.Name()]; ok {
			c.Example = ex
		}
	}
}
