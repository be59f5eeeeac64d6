package present

import (
	"fmt"
	"strings"

	"virtnic/model"
)

// VLANLabel is a NIC's own VLAN in one line, "-" for none: "tag 10",
// "trunk 10,20,30", "trunk 10,20, native 10 untagged".
func VLANLabel(v *model.VLAN) string {
	if s := model.VLANString(v); s != "" {
		return s
	}
	return "-"
}

// PortGroupVLANLabel is the VLAN a portgroup gives a NIC without its own:
// "portgroup vlan-10 → tag 10"; "network ovs-net → tag 5" when it is the
// network's; "" when neither sets one.
func PortGroupVLANLabel(net model.Network, portgroup string) string {
	pg, v := model.PortGroupVLAN(net, portgroup)
	if v == nil {
		return ""
	}
	if pg == "" {
		return fmt.Sprintf("network %s → %s", net.Name, model.VLANString(v))
	}
	return fmt.Sprintf("portgroup %s → %s", pg, model.VLANString(v))
}

// PortGroupLabel is a portgroup as the picker lists it: "vlan-10 → tag 10".
func PortGroupLabel(net model.Network, portgroup string) string {
	if v := net.PortGroupVLANs[portgroup]; v != nil {
		return portgroup + " → " + model.VLANString(v)
	}
	return portgroup
}

// MTULabel is a NIC's MTU, "-" for the default.
func MTULabel(mtu uint) string {
	if mtu == 0 {
		return "-"
	}
	return fmt.Sprint(mtu)
}

// BandwidthParts is each direction of b with its limits, after the name
// given for it ("inbound average 1000 KiB/s"); ["set, no limits"] for a
// <bandwidth> that sets none.
func BandwidthParts(b *model.Bandwidth, inbound, outbound string) []string {
	var parts []string
	if s := model.RateString(b.Inbound); s != "" {
		parts = append(parts, inbound+s)
	}
	if s := model.RateString(b.Outbound); s != "" {
		parts = append(parts, outbound+s)
	}
	if len(parts) == 0 {
		return []string{"set, no limits"}
	}
	return parts
}

// BandwidthLabel is a NIC's <bandwidth> in one line: "inbound average 1000
// KiB/s, peak 5000 KiB/s, burst 1024 KiB; outbound average 128 KiB/s".
func BandwidthLabel(b *model.Bandwidth) string {
	if b == nil {
		return "-"
	}
	return strings.Join(BandwidthParts(b, "inbound ", "outbound "), "; ")
}
