package main

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"virtnic/model"
)

// vlanFlags are the VLAN and MTU edit flags of set and add. Ranges and
// pairings are the engine's to check (exit 2 via model.Validate); these
// only turn the words into a NIC.
type vlanFlags struct {
	vlan, native, mtu string
	trunk             bool
}

func (f *vlanFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.vlan, "vlan", "", "VLAN tag ID 0–4095, several IDs separated by commas for a trunk, or none to remove the NIC's VLAN")
	fs.BoolVar(&f.trunk, "vlan-trunk", false, "make the VLAN a trunk even with one tag (Open vSwitch)")
	fs.StringVar(&f.native, "vlan-native", "", "the trunk's native VLAN: ID[:tagged|untagged] (untagged if not given), or none")
	fs.StringVar(&f.mtu, "mtu", "", "MTU of the guest's link, 68–65521 (bridge and network NICs), or none for the default")
}

// apply edits n's VLAN and MTU by the flags given; others leave them.
func (f *vlanFlags) apply(fs *pflag.FlagSet, n model.NIC) (model.NIC, error) {
	if fs.Changed("mtu") {
		mtu, err := model.ParseMTU(f.mtu)
		if err != nil {
			return n, fieldError(model.FieldMTU, err.Error())
		}
		n.MTU = mtu
	}
	set := fs.Changed
	if !set("vlan") && !set("vlan-trunk") && !set("vlan-native") {
		return n, nil
	}
	if set("vlan") && strings.EqualFold(strings.TrimSpace(f.vlan), "none") {
		if set("vlan-trunk") || (set("vlan-native") && !strings.EqualFold(f.native, "none")) {
			return n, usagef("--vlan none removes the VLAN: --vlan-trunk and --vlan-native need tags")
		}
		n.VLAN = nil
		return n, nil
	}
	v, err := f.tags(n.VLAN, set("vlan"))
	if err != nil {
		return n, err
	}
	if set("vlan-trunk") {
		v.Trunk = f.trunk
	}
	if set("vlan-native") {
		if err := f.setNative(v); err != nil {
			return n, err
		}
	}
	n.VLAN = v
	return n, nil
}

// tags is the VLAN the flags start from: --vlan's IDs (a native tag still
// listed keeps its mode), or a copy of the NIC's own.
func (f *vlanFlags) tags(cur *model.VLAN, given bool) (*model.VLAN, error) {
	if !given {
		if cur == nil {
			return nil, usagef("--vlan-trunk and --vlan-native change the NIC's VLAN, and it has none: give --vlan ID[,ID…]")
		}
		v := &model.VLAN{Trunk: cur.Trunk, Tags: append([]model.VLANTag(nil), cur.Tags...)}
		return v, nil
	}
	ids, err := model.ParseVLANIDs(f.vlan)
	if err != nil {
		return nil, fieldError(model.FieldVLAN, err.Error())
	}
	keep, _ := cur.Native()
	v := &model.VLAN{}
	for _, id := range ids {
		t := model.VLANTag{ID: id}
		if keep.Native != model.NativeNone && id == keep.ID {
			t.Native = keep.Native
		}
		v.Tags = append(v.Tags, t)
	}
	return v, nil
}

// setNative marks --vlan-native's tag, which must be one of the VLAN's, and
// clears any other.
func (f *vlanFlags) setNative(v *model.VLAN) error {
	for i := range v.Tags {
		v.Tags[i].Native = model.NativeNone
	}
	s := strings.TrimSpace(f.native)
	if strings.EqualFold(s, "none") {
		return nil
	}
	idText, modeText, hasMode := strings.Cut(s, ":")
	mode := model.NativeUntagged
	if hasMode {
		mode = model.NativeMode(strings.ToLower(strings.TrimSpace(modeText)))
		if mode != model.NativeTagged && mode != model.NativeUntagged {
			return usagef("--vlan-native %q: the mode after ':' is tagged or untagged", f.native)
		}
	}
	id, err := strconv.ParseUint(strings.TrimSpace(idText), 10, 32)
	if err != nil {
		return usagef("--vlan-native %q: allowed ID[:tagged|untagged] with ID one of the VLAN's tags (%s), or none", f.native, model.IDList(v.IDs()))
	}
	for i := range v.Tags {
		if v.Tags[i].ID == uint(id) {
			v.Tags[i].Native = mode
			return nil
		}
	}
	return usagef("--vlan-native %d is not one of the VLAN's tags (%s): add it to --vlan", id, model.IDList(v.IDs()))
}

// fieldError is a validation problem of one flag's value: exit 2, like the
// engine's own.
func fieldError(field, msg string) error {
	return &model.ValidationError{Problems: []model.Problem{{Field: field, Severity: model.SeverityError, Message: msg}}}
}
