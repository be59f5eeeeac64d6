package main

import (
	"strings"

	"github.com/spf13/pflag"
)

// blankHints say what to type instead of an empty value: an empty string on
// a command line is usually a script's unset variable, never an intent.
var blankHints = map[string]string{
	"network":       "a virtual network's name",
	"portgroup":     "a portgroup of the network, or none to remove it",
	"bridge":        "a host bridge's name",
	"direct":        "a host device's name, e.g. eth0",
	"mode":          "bridge, vepa, private or passthrough",
	"model":         "e.g. virtio or e1000e, or none to let the hypervisor choose",
	"mac":           "a MAC address, or random",
	"link":          "up or down",
	"virtualport":   "802.1Qbg, 802.1Qbh, openvswitch, midonet, or none",
	"managerid":     "1–255",
	"typeid":        "0–16777215",
	"typeidversion": "0–255",
	"instanceid":    "a UUID, or random",
	"profileid":     "a port profile name, or none to remove it",
	"interfaceid":   "a UUID, or random",
	"vlan":          "VLAN IDs 0–4095 separated by commas, or none",
	"vlan-native":   "ID[:tagged|untagged] of one of the VLAN's tags, or none",
	"mtu":           "68–65521, or none",
}

// strict refuses empty values and turns the spelled-out words into what the
// engine means by them: none removes, random generates.
func (f *nicFlags) strict(fs *pflag.FlagSet) error {
	for name, hint := range blankHints {
		fl := fs.Lookup(name)
		if fl == nil || !fl.Changed {
			continue
		}
		if strings.TrimSpace(fl.Value.String()) == "" {
			return usagef("--%s needs a value: %s", name, hint)
		}
	}
	none := func(v *string, name string) {
		if fs.Changed(name) && strings.EqualFold(*v, "none") {
			*v = ""
		}
	}
	random := func(v *string, name string) {
		if fs.Changed(name) && strings.EqualFold(*v, "random") {
			*v = ""
		}
	}
	none(&f.model, "model")
	none(&f.portgroup, "portgroup")
	none(&f.profileid, "profileid")
	random(&f.instanceid, "instanceid")
	random(&f.interfaceid, "interfaceid")
	return nil
}
