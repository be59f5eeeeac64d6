package present

import (
	"testing"

	"virtnic/model"
)

func TestVLANLabels(t *testing.T) {
	u := func(v uint64) *uint64 { return &v }
	net := model.Network{Name: "ovs-net", DefaultPortGroup: "vlan-10", PortGroups: []string{"vlan-10", "trunk", "plain"},
		PortGroupVLANs: map[string]*model.VLAN{
			"vlan-10": {Tags: []model.VLANTag{{ID: 10}}},
			"trunk":   {Trunk: true, Tags: []model.VLANTag{{ID: 30, Native: model.NativeUntagged}, {ID: 40}}},
		}}
	cases := []struct{ got, want string }{
		{VLANLabel(nil), "-"},
		{VLANLabel(&model.VLAN{Tags: []model.VLANTag{{ID: 42}}}), "tag 42"},
		{VLANLabel(&model.VLAN{Trunk: true, Tags: []model.VLANTag{{ID: 7}}}), "trunk 7"},
		{VLANLabel(&model.VLAN{Tags: []model.VLANTag{{ID: 1}, {ID: 2, Native: model.NativeTagged}}}), "trunk 1,2, native 2 tagged"},
		{PortGroupVLANLabel(net, ""), "portgroup vlan-10 → tag 10"},
		{PortGroupVLANLabel(net, "trunk"), "portgroup trunk → trunk 30,40, native 30 untagged"},
		{PortGroupVLANLabel(model.Network{Name: "n", VLAN: &model.VLAN{Tags: []model.VLANTag{{ID: 5}}}}, ""), "network n → tag 5"},
		{PortGroupVLANLabel(net, "plain"), ""},
		{PortGroupLabel(net, "vlan-10"), "vlan-10 → tag 10"},
		{PortGroupLabel(net, "plain"), "plain"},
		{MTULabel(0), "-"},
		{MTULabel(9000), "9000"},
		{BandwidthLabel(nil), "-"},
		{BandwidthLabel(&model.Bandwidth{Inbound: &model.BandwidthRate{Average: u(1000), Burst: u(64)}, Outbound: &model.BandwidthRate{Peak: u(9)}}),
			"inbound average 1000 KiB/s, burst 64 KiB; outbound peak 9 KiB/s"},
		{BandwidthLabel(&model.Bandwidth{}), "set, no limits"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}
