package model

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// PCIAddr is a host PCI address (domain:bus:slot.function).
type PCIAddr struct {
	Domain, Bus, Slot, Function uint
}

// String is the canonical spelling lspci and sysfs use: "0000:03:02.1".
func (a PCIAddr) String() string {
	return fmt.Sprintf("%04x:%02x:%02x.%x", a.Domain, a.Bus, a.Slot, a.Function)
}

// pciAddrRE is lspci's spelling, the domain optional as lspci leaves it
// out for domain 0.
var pciAddrRE = regexp.MustCompile(`^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\.([0-7])$`)

// ParsePCIAddr reads "0000:03:02.1" or "03:02.1".
func ParsePCIAddr(s string) (PCIAddr, error) {
	m := pciAddrRE.FindStringSubmatch(s)
	if m == nil {
		return PCIAddr{}, fmt.Errorf("PCI address %q is not of the form 0000:03:02.1 (domain:bus:slot.function)", s)
	}
	hex := func(t string) uint {
		v, _ := strconv.ParseUint(t, 16, 32)
		return uint(v)
	}
	a := PCIAddr{Bus: hex(m[2]), Slot: hex(m[3]), Function: hex(m[4])}
	if m[1] != "" {
		a.Domain = hex(m[1])
	}
	if a.Slot > 0x1f {
		return PCIAddr{}, fmt.Errorf("PCI address %q: slot %02x is above 1f", s, a.Slot)
	}
	return a, nil
}

func pciOf(d, b, s, f *uint) PCIAddr {
	return PCIAddr{Domain: uintOr0(d), Bus: uintOr0(b), Slot: uintOr0(s), Function: uintOr0(f)}
}

// NodeDev is what virtnic reads of one libvirt node device: a net device's
// interface name and parent, or a PCI device's address and SR-IOV
// capabilities.
type NodeDev struct {
	Name   string
	Parent string
	// Netdev is the net capability's interface name ("" for a PCI device).
	Netdev string
	// PCI is the PCI capability's address (nil for a net device).
	PCI *PCIAddr
	// PhysFunction is set on an SR-IOV VF: the address of its PF.
	PhysFunction *PCIAddr
	// VirtFunctions are a PF's VFs in the order of their index (libvirt
	// lists virtfn0, virtfn1, …); SRIOVCapable says the device has the
	// capability at all, even with no VF created (MaxVFs says how many
	// it could have).
	VirtFunctions []PCIAddr
	SRIOVCapable  bool
	MaxVFs        int
	Product       string
}

// ParseNodeDevice reads a node device's XML (virNodeDeviceGetXMLDesc).
func ParseNodeDevice(x string) (NodeDev, error) {
	var nd libvirtxml.NodeDevice
	if err := nd.Unmarshal(x); err != nil {
		return NodeDev{}, fmt.Errorf("node device XML: %w", err)
	}
	d := NodeDev{Name: nd.Name, Parent: nd.Parent}
	switch {
	case nd.Capability.Net != nil:
		d.Netdev = nd.Capability.Net.Interface
	case nd.Capability.PCI != nil:
		readPCICap(&d, nd.Capability.PCI)
	}
	return d, nil
}

func readPCICap(d *NodeDev, p *libvirtxml.NodeDevicePCICapability) {
	a := pciOf(p.Domain, p.Bus, p.Slot, p.Function)
	d.PCI = &a
	d.Product = strings.TrimSpace(p.Product.Name)
	for _, c := range p.Capabilities {
		switch {
		case c.PhysFunction != nil:
			pf := c.PhysFunction.Address
			a := pciOf(pf.Domain, pf.Bus, pf.Slot, pf.Function)
			d.PhysFunction = &a
		case c.VirtFunctions != nil:
			d.SRIOVCapable = true
			d.MaxVFs = c.VirtFunctions.MaxCount
			for _, v := range c.VirtFunctions.Address {
				d.VirtFunctions = append(d.VirtFunctions, pciOf(v.Domain, v.Bus, v.Slot, v.Function))
			}
		}
	}
}

// VF is one SR-IOV virtual function.
type VF struct {
	Index int // its number on the PF (virtfnN)
	PCI   PCIAddr
	// Netdev is its host interface, "" when it has none (bound to
	// vfio-pci for a guest, or no driver).
	Netdev string
}

// PF is an SR-IOV physical function and its VFs, by index.
type PF struct {
	Netdev  string // "" when the PF has no host interface
	PCI     PCIAddr
	Product string
	MaxVFs  int
	VFs     []VF
}

// Name is the PF as people name it: its interface, else its PCI address.
func (p PF) Name() string {
	if p.Netdev != "" {
		return p.Netdev
	}
	return p.PCI.String()
}

// Key is how a host device is named in DeviceUses and Sources: its
// interface, else (bound to vfio-pci, a hostdev NIC's usual state) its PCI
// address.
func (v VF) Key() string {
	if v.Netdev != "" {
		return v.Netdev
	}
	return v.PCI.String()
}

// SRIOV is the host's SR-IOV functions, PFs sorted by name.
type SRIOV struct {
	PFs []PF
}

// BuildSRIOV ties PCI devices and their net children together: a PCI
// device with VFs is a PF, each VF gets its index from the PF's list and
// its interface from the net device whose parent it is. A VF whose PF was
// not read (only its phys_function pointer is known) is not listed: its
// index cannot be known.
func BuildSRIOV(devs []NodeDev) SRIOV {
	netOf := map[string]string{} // PCI node device name -> interface
	byAddr := map[PCIAddr]NodeDev{}
	for _, d := range devs {
		if d.Netdev != "" && d.Parent != "" {
			// A device with several netdevs (rare) keeps the first.
			if _, ok := netOf[d.Parent]; !ok {
				netOf[d.Parent] = d.Netdev
			}
		}
		if d.PCI != nil {
			byAddr[*d.PCI] = d
		}
	}
	var s SRIOV
	for _, d := range devs {
		if d.PCI == nil || !d.SRIOVCapable || d.PhysFunction != nil {
			continue
		}
		pf := PF{Netdev: netOf[d.Name], PCI: *d.PCI, Product: d.Product, MaxVFs: d.MaxVFs}
		for i, a := range d.VirtFunctions {
			vf := VF{Index: i, PCI: a}
			if vd, ok := byAddr[a]; ok {
				vf.Netdev = netOf[vd.Name]
			} else {
				vf.Netdev = netOf[pciNodeName(a)]
			}
			pf.VFs = append(pf.VFs, vf)
		}
		if len(pf.VFs) == 0 && pf.MaxVFs == 0 {
			continue // an SR-IOV capable device with no VF and no limit
		}
		s.PFs = append(s.PFs, pf)
	}
	sort.Slice(s.PFs, func(i, j int) bool { return s.PFs[i].Name() < s.PFs[j].Name() })
	return s
}

// pciNodeName is the name libvirt gives a PCI node device ("pci_" and the
// address with ':' and '.' as '_'); a VF's net device names it as parent
// even when the VF's own PCI device was not read.
func pciNodeName(a PCIAddr) string {
	return fmt.Sprintf("pci_%04x_%02x_%02x_%x", a.Domain, a.Bus, a.Slot, a.Function)
}

// VFRef locates a VF: its PF and itself.
type VFRef struct {
	PF PF
	VF VF
}

// VFByKey finds a VF by interface name or PCI address.
func (s *SRIOV) VFByKey(key string) (VFRef, bool) {
	if s == nil || key == "" {
		return VFRef{}, false
	}
	for _, pf := range s.PFs {
		for _, vf := range pf.VFs {
			if vf.Netdev == key || vf.PCI.String() == key {
				return VFRef{PF: pf, VF: vf}, true
			}
		}
	}
	return VFRef{}, false
}

// PFByKey finds a PF by interface name or PCI address.
func (s *SRIOV) PFByKey(key string) (PF, bool) {
	if s == nil || key == "" {
		return PF{}, false
	}
	for _, pf := range s.PFs {
		if pf.Netdev == key || pf.PCI.String() == key {
			return pf, true
		}
	}
	return PF{}, false
}

// DeviceKey is how DeviceUses names the host device at a PCI address: the
// VF's interface when the host has one for it, else the address.
func (s *SRIOV) DeviceKey(pci string) string {
	if ref, ok := s.VFByKey(pci); ok {
		return ref.VF.Key()
	}
	return pci
}

// VFModeNote is the note on a macvtap NIC newly put on an SR-IOV VF in a
// mode other than passthrough: libvirt and the kernel allow it, but a VF
// is usually chosen to be given whole to one guest, which passthrough
// does. "" when it does not apply (or sr does not know the device).
func VFModeNote(old, n NIC, sr *SRIOV) string {
	if !deviceChanged(old, n) || n.Mode == ModePassthrough {
		return ""
	}
	ref, ok := sr.VFByKey(n.Dev)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s is VF %d of SR-IOV PF %s: in mode %s it carries macvtap like any host device; mode passthrough gives the VF to this guest alone",
		n.Dev, ref.VF.Index, ref.PF.Name(), n.Mode)
}
