// Package model holds virtnic's NIC engine in pure Go: the NIC type, its
// conversion to and from libvirtxml, validation, live/after-shutdown
// prediction and the span-based XML splicing that keeps every other byte of a
// domain intact. It must never import cgo libvirt or any terminal library.
package model

// SourceKind is the libvirt <interface type=…> of a NIC. virtnic edits the
// first three kinds below; of a hostdev NIC (an SR-IOV VF given whole to the
// guest) only the MAC; any other kind is shown but not editable.
type SourceKind string

const (
	KindNetwork SourceKind = "network"
	KindBridge  SourceKind = "bridge"
	KindDirect  SourceKind = "direct"
	KindHostdev SourceKind = "hostdev"
)

// Mode is a macvtap source mode (<source dev=… mode=…/>), direct NICs only.
type Mode string

const (
	ModeBridge      Mode = "bridge"
	ModeVEPA        Mode = "vepa"
	ModePrivate     Mode = "private"
	ModePassthrough Mode = "passthrough"
)

// ModeHostdev is no macvtap mode: it marks a DeviceUse of a PCI device
// (an SR-IOV VF) that a type='hostdev' NIC or a hostdev network's NIC takes
// whole, which excludes every other user as passthrough does.
const ModeHostdev Mode = "hostdev"

// Modes lists the modes in the order virt-manager offered them.
var Modes = []Mode{ModeBridge, ModeVEPA, ModePrivate, ModePassthrough}

// VPortType is the <virtualport type=…> of a NIC; VPortNone means no element.
type VPortType string

const (
	VPortNone        VPortType = ""
	VPortQbg         VPortType = "802.1Qbg"
	VPortQbh         VPortType = "802.1Qbh"
	VPortOpenVSwitch VPortType = "openvswitch"
	VPortMidonet     VPortType = "midonet"
)

// VPortTypes lists the virtual port types virtnic can edit.
var VPortTypes = []VPortType{VPortQbg, VPortQbh, VPortOpenVSwitch, VPortMidonet}

// VirtualPort holds the parameters of a <virtualport>. Only the fields that
// belong to Type are meaningful; the others are ignored when written.
// Numeric fields are pointers because libvirt distinguishes "absent" from 0.
type VirtualPort struct {
	Type          VPortType
	ManagerID     *uint // 802.1Qbg
	TypeID        *uint // 802.1Qbg
	TypeIDVersion *uint // 802.1Qbg
	InstanceID    string
	ProfileID     string
	InterfaceID   string
}

// Field names, shared by validation problems, change plans, "pending" lists
// and the CLI/JSON output.
const (
	FieldSource      = "source"
	FieldPortGroup   = "portgroup"
	FieldMode        = "mode"
	FieldModel       = "model"
	FieldMAC         = "mac"
	FieldLink        = "link"
	FieldVirtualPort = "virtualport"
	FieldVLAN        = "vlan"        // the NIC's own <vlan>: its tags and trunk
	FieldVLANNative  = "vlan-native" // which tag is the native VLAN, in Problem.Field
	FieldMTU         = "mtu"
	// Virtual port parameters, used in Problem.Field for precise messages.
	FieldManagerID     = "managerid"
	FieldTypeID        = "typeid"
	FieldTypeIDVersion = "typeidversion"
	FieldInstanceID    = "instanceid"
	FieldProfileID     = "profileid"
	FieldInterfaceID   = "interfaceid"
)

// NIC is one <interface> of a domain, as virtnic edits it.
type NIC struct {
	Index     int // position among the domain's <interface> elements (0-based)
	MAC       string
	Kind      SourceKind // may be another libvirt type (e.g. "user"); then Editable is false
	Network   string     // KindNetwork
	PortGroup string     // KindNetwork
	Bridge    string     // KindBridge
	Dev       string     // KindDirect
	Mode      Mode       // KindDirect; "" in XML means libvirt's default, vepa
	// HostdevPCI is a KindHostdev NIC's <source><address type='pci'>,
	// canonical ("0000:03:02.1"); read only, virtnic never changes it.
	HostdevPCI  string
	Model       string // "" = hypervisor default
	Link        string // "up" or "down"; absent in XML reads as "up"
	VirtualPort *VirtualPort
	VLAN        *VLAN // the NIC's own <vlan>; nil when none
	MTU         uint  // <mtu size>; 0 when none

	// Read side only, never written.
	Bandwidth         *Bandwidth // <bandwidth>, shown and kept as loaded
	Target            string     // live <target dev> (e.g. macvtap0), "" when not running
	Alias             string     // live <alias name>
	ConfigAlias       string     // <alias name> in the config: a user alias (ua-…)
	Address           string     // <address>, canonical ("pci 0000:00:03.0"), "" when none
	Pending           []string   // fields whose live value differs from config
	Editable          bool
	NotEditableReason string // why Editable is false (unknown type, XML virtnic cannot round-trip)

	// Running is the connection the running guest's NIC has (live XML),
	// nil when not running; it decides what a live update can change.
	Running *RunningConn
}

// Source returns the NIC's source name whatever its kind: network, bridge or device.
func (n NIC) Source() string {
	switch n.Kind {
	case KindNetwork:
		return n.Network
	case KindBridge:
		return n.Bridge
	case KindDirect:
		return n.Dev
	case KindHostdev:
		return n.HostdevPCI
	}
	return ""
}

// DomainState is libvirt's domain state, in virsh's words.
type DomainState string

const (
	StateNoState     DomainState = "no state"
	StateRunning     DomainState = "running"
	StateBlocked     DomainState = "blocked"
	StatePaused      DomainState = "paused"
	StateShutdown    DomainState = "in shutdown"
	StateShutoff     DomainState = "shut off"
	StateCrashed     DomainState = "crashed"
	StatePMSuspended DomainState = "pmsuspended"
)

// Active reports whether a domain in this state has a live side (a QEMU
// process whose devices can be changed live).
func (s DomainState) Active() bool {
	switch s {
	case StateRunning, StateBlocked, StatePaused, StateShutdown, StatePMSuspended:
		return true
	}
	return false
}

// DomainInfo is one row of the domain list.
type DomainInfo struct {
	Name       string      `json:"name"`
	UUID       string      `json:"uuid"`
	ID         int         `json:"id"` // -1 when not running
	State      DomainState `json:"state"`
	Persistent bool        `json:"persistent"`
}

// Severity tells whether a Problem blocks a write.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Problem is one validation finding. Message names the field and, for range
// errors, the allowed range, e.g. "managerid 0 is out of range: allowed 1–255 (0 is reserved)".
type Problem struct {
	Field    string
	Severity Severity
	Message  string
}

func (p Problem) String() string { return p.Severity.String() + ": " + p.Field + ": " + p.Message }

// DeviceUse records that a domain's NIC sits on a host device: a direct
// NIC naming it, or a NIC of a macvtap or passthrough network whose device
// pool holds it (Network set, Mode the network's forward mode). The host
// network view also lists bridge and network users with it.
type DeviceUse struct {
	Domain  string `json:"domain"`
	Index   int    `json:"-"`
	MAC     string `json:"-"`
	Mode    Mode   `json:"mode"`
	Running bool   `json:"-"`
	// Network is the network the NIC reaches the device through, "" for a
	// direct NIC; Pool is how many devices that network may choose from,
	// so 1 means the NIC certainly lands on this one.
	Network   string `json:"network,omitempty"`
	Pool      int    `json:"-"`
	PortGroup string `json:"-"`
}

// MACUse records which domain NIC holds a MAC address.
type MACUse struct {
	Domain string
	Index  int
}

// HostIfaceKind is what libvirt reports a host interface to be.
type HostIfaceKind string

const (
	IfaceEthernet HostIfaceKind = "ethernet"
	IfaceBridge   HostIfaceKind = "bridge"
	IfaceBond     HostIfaceKind = "bond"
	IfaceVLAN     HostIfaceKind = "vlan"
	IfaceUnknown  HostIfaceKind = "" // only seen as a node device
)

// HostIface is a host network interface as gathered from libvirt
// (virConnectListAllInterfaces and net node devices), before classification.
type HostIface struct {
	Name      string
	Kind      HostIfaceKind
	Members   []string // bridge ports or bond slaves
	VLANID    int      // IfaceVLAN
	VLANDev   string   // IfaceVLAN: the underlying device
	SpeedMbps int      // from the node device, 0 when unknown
	LinkState string   // from the node device
}

// HostDevice is a host interface classified as a macvtap source candidate.
type HostDevice struct {
	Name      string        `json:"name"`
	Kind      HostIfaceKind `json:"kind,omitempty"`
	Eligible  bool          `json:"eligible"`
	Reason    string        `json:"reason"` // why not eligible; "" when eligible
	UsedBy    []DeviceUse   `json:"used_by"`
	SpeedMbps int           `json:"speed_mbps,omitempty"`
	IsVLAN    bool          `json:"-"`
}

// Network is a libvirt virtual network as a NIC source.
type Network struct {
	Name       string   `json:"name"`
	Active     bool     `json:"active"`
	Forward    string   `json:"forward"` // "nat", "bridge", "route", "open", "isolated" (no <forward>) …
	PortGroups []string `json:"portgroups"`
	// Not in the JSON shape of `virtnic sources`, used for classification.
	Bridge           string   `json:"-"` // <bridge name>
	ForwardDevs      []string `json:"-"` // <forward><interface dev>
	DefaultPortGroup string   `json:"-"`
	VirtualPortType  string   `json:"-"` // <virtualport type> of the network, e.g. openvswitch
	// A device pool (model/pool.go): <forward><pf dev>, the <address>
	// members of a hostdev pool (canonical PCI), and what the live XML
	// counts: the network's connections and each member's, by member
	// (device name or PCI address).
	ForwardPF         string         `json:"-"`
	ForwardAddrs      []string       `json:"-"`
	Connections       int            `json:"-"`
	MemberConnections map[string]int `json:"-"`
	// The VLANs a NIC without its own gets: the network's, and each
	// portgroup's (by name; nil when it sets none), and each portgroup's
	// own virtual port type.
	VLAN                *VLAN             `json:"-"`
	PortGroupVLANs      map[string]*VLAN  `json:"-"`
	PortGroupVPortTypes map[string]string `json:"-"`
	// Each portgroup's <bandwidth>, by name (nil when it sets none): it
	// decides whether a portgroup change changes anything live.
	PortGroupBandwidth map[string]*Bandwidth `json:"-"`
}

// Bridge is a host bridge as a NIC source.
type Bridge struct {
	Name  string   `json:"name"`
	Ports []string `json:"-"`
}

// Sources is everything a NIC can be connected to, grouped as virt-manager did.
type Sources struct {
	Networks []Network    `json:"networks"`
	Bridges  []Bridge     `json:"bridges"`
	Devices  []HostDevice `json:"devices"`
	// SRIOV is the host's physical functions with their VFs and who
	// uses each; Pools the device pools of networks, by network name.
	SRIOV []PFUsage            `json:"-"`
	Pools map[string]PoolUsage `json:"-"`
}

// Context is what validation needs to know about the rest of the connection.
type Context struct {
	Domain    string              // the domain being edited
	MACsInUse map[string][]MACUse // lower-case MAC -> holders, every domain on the connection
	DeviceUse map[string][]DeviceUse
	Hosts     map[string]HostIface // known host interfaces by name; may be empty on remote hosts
	Networks  map[string]Network   // known virtual networks by name
	// Devices are the host's interfaces classified for macvtap (nil: not
	// read); AllowUnlistedDevice turns "not offered" into a warning.
	Devices             []HostDevice
	AllowUnlistedDevice bool
	// SRIOV is the host's PFs and VFs (nil: not read), for the rules on
	// passing through a PF whose VFs are in use and the reverse.
	SRIOV *SRIOV
}
