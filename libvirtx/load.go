package libvirtx

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// Domain is one domain as virtnic edits it: the persistent configuration is
// the source of truth, the live side only annotates it.
type Domain struct {
	Info model.DomainInfo
	// NICs are read from InactiveXML; Target and Alias come from the live
	// NIC with the same MAC, and Pending lists the fields whose live value
	// differs from the configuration (they change at the next boot).
	NICs []model.NIC
	// Live maps a NIC's index to its running view (e.g. the live link
	// state). A running domain's NIC without an entry is not in the guest
	// yet: it was added to the configuration only.
	Live map[int]model.NIC
	// LiveOnly are NICs of the running guest that the configuration does
	// not have (hot-plugged live only); they vanish at shutdown.
	LiveOnly []model.NIC
	// InactiveXML carries secrets on read-write connections so that a
	// define from it does not wipe e.g. VNC passwords.
	InactiveXML string
	LiveXML     string // "" when the domain is not running
	// Fingerprint is the hex SHA-256 of InactiveXML; a write refuses to
	// proceed when the domain's current fingerprint differs.
	Fingerprint string
}

// LoadDomain reads one domain named by name, UUID or ID (see lookup).
func (c *Conn) LoadDomain(nameOrUUID string) (*Domain, error) {
	if err := c.ensureOpen("load domain " + nameOrUUID); err != nil {
		return nil, err
	}
	dom, err := c.lookup(nameOrUUID)
	if err != nil {
		return nil, err
	}
	defer dom.Free()

	info, err := domainInfo(dom)
	if err != nil {
		return nil, c.wrap("read domain "+nameOrUUID, err)
	}
	st, _, err := dom.GetState()
	if err != nil {
		return nil, c.wrap("read state of domain "+info.Name, err)
	}
	info.State = stateName(st)
	if !info.State.Active() {
		info.ID = -1
	}
	persistent, err := dom.IsPersistent()
	if err != nil {
		return nil, c.wrap("read domain "+info.Name, err)
	}
	info.Persistent = persistent

	d := &Domain{Info: info}
	d.InactiveXML, err = dom.GetXMLDesc(c.xmlFlags(libvirt.DOMAIN_XML_INACTIVE))
	if err != nil {
		return nil, c.wrap("read configuration of domain "+info.Name, err)
	}
	d.Fingerprint = Fingerprint(d.InactiveXML)
	if info.State.Active() {
		d.LiveXML, err = dom.GetXMLDesc(c.xmlFlags(0))
		if err != nil {
			return nil, c.wrap("read live state of domain "+info.Name, err)
		}
	}

	d.NICs, err = nicsFromXML(d.InactiveXML)
	if err != nil {
		return nil, &Error{Op: "read NICs of domain " + info.Name, Message: err.Error(),
			Meaning: "virtnic cannot find the domain's interfaces in its XML"}
	}
	// Some drivers (the test driver among them) leave the runtime <target>
	// and <alias> in the inactive XML; they only mean something when read
	// from the running guest.
	for i := range d.NICs {
		// A user alias (ua-…) is configuration and names the NIC.
		d.NICs[i].ConfigAlias = d.NICs[i].Alias
		d.NICs[i].Target, d.NICs[i].Alias = "", ""
	}
	if d.LiveXML != "" {
		live, err := nicsFromXML(d.LiveXML)
		if err != nil {
			return nil, &Error{Op: "read live NICs of domain " + info.Name, Message: err.Error(),
				Meaning: "virtnic cannot find the domain's interfaces in its live XML"}
		}
		d.Live, d.LiveOnly = matchLive(d.NICs, live)
	}
	return d, nil
}

// Fingerprint is the value Domain.Fingerprint holds for a domain XML.
func Fingerprint(inactiveXML string) string {
	sum := sha256.Sum256([]byte(inactiveXML))
	return hex.EncodeToString(sum[:])
}

// xmlFlags adds DOMAIN_XML_SECURE where it is allowed: read-only
// connections refuse it with "operation forbidden".
func (c *Conn) xmlFlags(f libvirt.DomainXMLFlags) libvirt.DomainXMLFlags {
	if c.readOnly {
		return f
	}
	return f | libvirt.DOMAIN_XML_SECURE
}

// nicsFromXML reads every /domain/devices/interface. A NIC virtnic cannot
// parse or cannot reproduce byte-for-meaning is still listed, not editable,
// so the user sees it and knows why.
func nicsFromXML(domXML string) ([]model.NIC, error) {
	raws, err := model.InterfaceElements(domXML)
	if err != nil {
		return nil, err
	}
	nics := make([]model.NIC, 0, len(raws))
	for i, raw := range raws {
		iface, err := model.ParseInterface(raw)
		if err != nil {
			nics = append(nics, model.NIC{Index: i, NotEditableReason: "virtnic cannot parse this interface: " + err.Error()})
			continue
		}
		n := model.NICFromXML(i, iface)
		if err := model.CheckRoundTrip(raw); err != nil {
			n.Editable = false
			n.NotEditableReason = err.Error()
		}
		nics = append(nics, n)
	}
	return nics, nil
}

// matchLive pairs live NICs with configured ones by MAC: indexes differ
// when NICs were hot-plugged or removed from the config only, while the MAC
// identifies a NIC for libvirt itself. NICs that share a MAC (a teaming
// failover pair does so by design) are told apart by user alias, then PCI
// address, then order, so each gets its own live target and pending fields.
func matchLive(cfg, live []model.NIC) (map[int]model.NIC, []model.NIC) {
	m := make(map[int]model.NIC, len(live))
	var only []model.NIC
	for _, l := range live {
		i := liveCounterpart(cfg, m, l)
		if i < 0 {
			only = append(only, l)
			continue
		}
		l.Index = i
		m[i] = l
		cfg[i].Target = l.Target
		cfg[i].Alias = l.Alias
		cfg[i].Pending = pending(cfg[i], l)
		cfg[i].Running = &model.RunningConn{Kind: l.Kind, Mode: l.Mode, VirtualPort: l.VirtualPort}
	}
	return m, only
}

// liveCounterpart is the index of the configured NIC a live one is, among
// those not matched yet; -1 when none has its MAC.
func liveCounterpart(cfg []model.NIC, taken map[int]model.NIC, l model.NIC) int {
	if l.MAC == "" {
		return -1
	}
	var cands []int
	for i, n := range cfg {
		if _, ok := taken[i]; !ok && strings.EqualFold(n.MAC, l.MAC) {
			cands = append(cands, i)
		}
	}
	if len(cands) <= 1 {
		if len(cands) == 1 {
			return cands[0]
		}
		return -1
	}
	for _, same := range []func(a, b model.NIC) bool{
		func(a, b model.NIC) bool { return strings.HasPrefix(a.ConfigAlias, "ua-") && a.ConfigAlias == b.Alias },
		func(a, b model.NIC) bool { return a.Address != "" && a.Address == b.Address },
	} {
		for _, i := range cands {
			if same(cfg[i], l) {
				return i
			}
		}
	}
	return cands[0]
}

// pending lists the fields (in model field order) whose running value
// differs from the configured one.
func pending(cfg, live model.NIC) []string {
	var out []string
	add := func(f string) { out = append(out, f) }

	if cfg.Kind == model.KindNetwork {
		// The live XML of a network NIC shows the type libvirt actually
		// plugged (bridge or direct) and libvirtxml drops network= and
		// portgroup= from those, so source and portgroup can only be
		// compared when the live side still says "network".
		if live.Kind == model.KindNetwork {
			if cfg.Network != live.Network {
				add(model.FieldSource)
			}
			if cfg.PortGroup != "" && cfg.PortGroup != live.PortGroup {
				add(model.FieldPortGroup)
			}
		}
	} else {
		if cfg.Kind != live.Kind || cfg.Source() != live.Source() {
			add(model.FieldSource)
		}
		if cfg.Kind == model.KindDirect && live.Kind == model.KindDirect && modeOrDefault(cfg.Mode) != modeOrDefault(live.Mode) {
			add(model.FieldMode)
		}
	}
	// A configured blank model is filled in by the hypervisor; only an
	// explicit one can be out of date.
	if cfg.Model != "" && cfg.Model != live.Model {
		add(model.FieldModel)
	}
	if linkOrUp(cfg.Link) != linkOrUp(live.Link) {
		add(model.FieldLink)
	}
	if vportDiffers(cfg.Kind, cfg.VirtualPort, live.VirtualPort) {
		add(model.FieldVirtualPort)
	}
	// A network NIC without a VLAN of its own shows its portgroup's in the
	// live XML; that is no pending change.
	if (cfg.VLAN != nil || cfg.Kind != model.KindNetwork) && !model.VLANEqual(cfg.VLAN, live.VLAN) {
		add(model.FieldVLAN)
	}
	if cfg.MTU != live.MTU {
		add(model.FieldMTU)
	}
	return out
}

func modeOrDefault(m model.Mode) model.Mode {
	if m == "" {
		return model.ModeVEPA
	}
	return m
}

func linkOrUp(s string) string {
	if s == "" {
		return "up"
	}
	return s
}

// vportDiffers compares only what the configuration pins down: libvirt
// fills blank interfaceid/instanceid at start and merges a network's (or
// portgroup's) virtualport into a network NIC's live XML, none of which is
// a pending change.
func vportDiffers(kind model.SourceKind, cfg, live *model.VirtualPort) bool {
	if cfg == nil {
		return live != nil && kind != model.KindNetwork
	}
	if live == nil {
		return true
	}
	if cfg.Type != model.VPortNone && cfg.Type != live.Type {
		return true
	}
	uintDiff := func(a, b *uint) bool { return a != nil && (b == nil || *a != *b) }
	strDiff := func(a, b string) bool { return a != "" && !strings.EqualFold(a, b) }
	return uintDiff(cfg.ManagerID, live.ManagerID) ||
		uintDiff(cfg.TypeID, live.TypeID) ||
		uintDiff(cfg.TypeIDVersion, live.TypeIDVersion) ||
		strDiff(cfg.InstanceID, live.InstanceID) ||
		strDiff(cfg.InterfaceID, live.InterfaceID) ||
		cfg.ProfileID != "" && cfg.ProfileID != live.ProfileID
}

// PersistentXML is a domain's persistent configuration as libvirt prints
// it; secrets (VNC/SPICE passwords) only with security, as virsh dumpxml
// --security-info does.
func (c *Conn) PersistentXML(uuid string, security bool) (string, error) {
	if err := c.ensureOpen("read domain " + uuid); err != nil {
		return "", err
	}
	dom, err := c.lookupUUID(uuid)
	if err != nil {
		return "", err
	}
	defer dom.Free()
	flags := libvirt.DOMAIN_XML_INACTIVE
	if security {
		flags |= libvirt.DOMAIN_XML_SECURE
	}
	x, err := dom.GetXMLDesc(flags)
	if err != nil {
		return "", c.wrap("read domain "+uuid, err)
	}
	return x, nil
}
