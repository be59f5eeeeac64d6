package model

import "strings"

// Needs names the host-wide facts that validating and normalising one change
// depend on, so an edit reads exactly those from libvirt: a link toggle reads
// nothing of other domains, a new MAC reads every domain's MACs.
type Needs struct {
	MACs       bool   // MAC uniqueness or a generated MAC: every domain's MACs
	DeviceUses bool   // passthrough conflicts: every domain's direct NICs
	Devices    bool   // a direct NIC's device: the host's interfaces, classified
	Host       string // 802.1Qbg's VLAN check, a passthrough NIC's VLAN: this one host interface
	Network    string // a network source or portgroup, or VLAN tags on a network NIC: this one network
	// SRIOV: a direct NIC's device may be a VF (a hostdev NIC elsewhere
	// holds it by PCI address) or a PF whose VFs are in use: the host's
	// SR-IOV node devices.
	SRIOV bool
}

// Scan reports whether the needs take a read of every domain.
func (n Needs) Scan() bool { return n.MACs || n.DeviceUses }

// NeedsFor is what validating the change old → new (old is the zero NIC for
// an added one) needs to know. Validate runs exactly the rules these feed.
func NeedsFor(old, new NIC) Needs {
	nd := Needs{
		MACs:       macNeedsCheck(old, new) || wantsGeneratedMAC(new),
		DeviceUses: deviceChanged(old, new),
		Devices:    deviceChanged(old, new),
		SRIOV:      deviceChanged(old, new),
	}
	if qbgDeviceChanged(old, new) {
		nd.Host = new.Dev
	}
	if networkChanged(old, new) {
		nd.Network = new.Network
	}
	vlanNeeds(&nd, old, new)
	return nd
}

// macNeedsCheck: a MAC the NIC did not hold before must be free.
func macNeedsCheck(old, new NIC) bool {
	return new.MAC != "" && !wantsGeneratedMAC(new) && (old.MAC == "" || !strings.EqualFold(old.MAC, new.MAC))
}

// wantsGeneratedMAC: blank or "random" asks Normalize for a free MAC.
func wantsGeneratedMAC(n NIC) bool {
	m := strings.TrimSpace(n.MAC)
	return m == "" || strings.EqualFold(m, "random")
}

// deviceChanged: a direct NIC that is new on its device, or changed mode
// there, can collide with another domain's passthrough.
func deviceChanged(old, new NIC) bool {
	if new.Kind != KindDirect || new.Dev == "" {
		return false
	}
	return old.Kind != KindDirect || old.Dev != new.Dev || effMode(old) != effMode(new)
}

// qbgDeviceChanged: 802.1Qbg's VLAN requirement concerns the device, so it
// matters when the device changes or 802.1Qbg is newly chosen.
func qbgDeviceChanged(old, new NIC) bool {
	if new.Kind != KindDirect || new.Dev == "" || vportType(new) != VPortQbg {
		return false
	}
	return old.Kind != KindDirect || old.Dev != new.Dev || vportType(old) != VPortQbg
}

// networkChanged: a network or portgroup the NIC did not use before must
// exist.
func networkChanged(old, new NIC) bool {
	if new.Kind != KindNetwork || new.Network == "" {
		return false
	}
	// A virtual port type pairs with the network's forward mode too.
	return old.Kind != KindNetwork || old.Network != new.Network || effPortGroup(old) != effPortGroup(new) ||
		vportType(old) != vportType(new)
}

func vportType(n NIC) VPortType {
	if n.VirtualPort == nil {
		return VPortNone
	}
	return n.VirtualPort.Type
}
