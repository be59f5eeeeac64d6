package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// HardwareItem is one row of the details screen's device list, as
// virt-manager's "Show virtual hardware details" view listed them.
type HardwareItem struct {
	Kind  string // "overview", "cpus", "memory", "boot", "disk", "nic", "input", "graphics", …
	Label string // e.g. "VirtIO Disk 1", "NIC :6b:3c:01", "Display VNC"
	// NICIndex is the NIC's position among /domain/devices/interface (the
	// index every NIC call takes), -1 for anything that is not a NIC.
	NICIndex int
	// Rows are label/value pairs for a read-only summary page. Secrets
	// (graphics passwords) are never among the values.
	Rows [][2]string
}

// Hardware lists a domain's hardware in virt-manager's order: Overview, CPUs,
// Memory, Boot Options, disks, NICs, then the other devices. It reads the
// domain through libvirtxml only; when that cannot parse the document the
// error is returned so the caller can fall back to a NIC-only view.
func Hardware(domXML string) ([]HardwareItem, error) {
	var dom libvirtxml.Domain
	if err := dom.Unmarshal(domXML); err != nil {
		return nil, fmt.Errorf("parse domain XML: %w", err)
	}
	devs := dom.Devices
	if devs == nil {
		devs = &libvirtxml.DomainDeviceList{}
	}

	// Devices come first so Boot Options can name them by their labels.
	var (
		devItems []HardwareItem
		boots    []bootRef
	)
	add := func(kind, label string, rows [][2]string, boot *libvirtxml.DomainDeviceBoot) {
		devItems = append(devItems, HardwareItem{Kind: kind, Label: label, NICIndex: -1, Rows: rows})
		if boot != nil && boot.Order > 0 {
			boots = append(boots, bootRef{boot.Order, label})
		}
	}

	diskCount := map[string]int{}
	for i := range devs.Disks {
		d := &devs.Disks[i]
		label := diskLabel(d, diskCount)
		add("disk", label, diskRows(d), d.Boot)
	}
	for i := range devs.Interfaces {
		iface := &devs.Interfaces[i]
		label := nicLabel(iface)
		devItems = append(devItems, HardwareItem{Kind: "nic", Label: label, NICIndex: i, Rows: nicRows(iface)})
		if iface.Boot != nil && iface.Boot.Order > 0 {
			boots = append(boots, bootRef{iface.Boot.Order, label})
		}
	}
	for _, in := range devs.Inputs {
		add("input", "Input "+inputName(in.Type), rowsOf("Type", in.Type, "Bus", in.Bus, "Model", in.Model), nil)
	}
	for i := range devs.Graphics {
		label, rows := graphicsItem(&devs.Graphics[i])
		add("graphics", label, rows, nil)
	}
	for _, s := range devs.Sounds {
		add("sound", "Sound "+s.Model, rowsOf("Model", s.Model), nil)
	}
	for i, s := range devs.Serials {
		port := i
		var ttype string
		if s.Target != nil {
			ttype = s.Target.Type
			if s.Target.Port != nil {
				port = int(*s.Target.Port)
			}
		}
		add("serial", fmt.Sprintf("Serial %d", port+1), rowsOf("Device type", chardevType(s.Source), "Source", chardevPath(s.Source), "Target type", ttype), nil)
	}
	for i, p := range devs.Parallels {
		port := i
		if p.Target != nil && p.Target.Port != nil {
			port = int(*p.Target.Port)
		}
		add("parallel", fmt.Sprintf("Parallel %d", port+1), rowsOf("Device type", chardevType(p.Source), "Source", chardevPath(p.Source)), nil)
	}
	for i, c := range devs.Consoles {
		port := i
		var ttype string
		if c.Target != nil {
			ttype = c.Target.Type
			if c.Target.Port != nil {
				port = int(*c.Target.Port)
			}
		}
		add("console", fmt.Sprintf("Console %d", port+1), rowsOf("Device type", chardevType(c.Source), "Source", chardevPath(c.Source), "Target type", ttype), nil)
	}
	for i := range devs.Channels {
		label, rows := channelItem(&devs.Channels[i])
		add("channel", label, rows, nil)
	}
	for i := range devs.Hostdevs {
		h := &devs.Hostdevs[i]
		label, rows := hostdevItem(h)
		add("hostdev", label, rows, h.Boot)
	}
	for i, r := range devs.RedirDevs {
		add("redirdev", fmt.Sprintf("USB Redirector %d", i+1), rowsOf("Bus", r.Bus, "Type", chardevType(r.Source)), r.Boot)
	}
	for _, v := range devs.Videos {
		add("video", "Video "+videoName(v.Model.Type), videoRows(v.Model), nil)
	}
	for _, w := range devs.Watchdogs {
		add("watchdog", "Watchdog", rowsOf("Model", w.Model, "Action", w.Action), nil)
	}
	for _, c := range devs.Controllers {
		if hiddenController(c) {
			continue
		}
		idx := 0
		if c.Index != nil {
			idx = int(*c.Index)
		}
		add("controller", fmt.Sprintf("Controller %s %d", controllerName(c.Type, c.Model), idx),
			rowsOf("Type", c.Type, "Model", c.Model, "Index", strconv.Itoa(idx)), nil)
	}
	for i := range devs.Filesystems {
		f := &devs.Filesystems[i]
		var target string
		if f.Target != nil {
			target = f.Target.Dir
		}
		add("filesystem", strings.TrimSpace("Filesystem "+target), rowsOf("Target", target, "Access mode", f.AccessMode), f.Boot)
	}
	for range devs.Smartcards {
		add("smartcard", "Smartcard", nil, nil)
	}
	for _, t := range devs.TPMs {
		add("tpm", "TPM", tpmRows(t), nil)
	}
	for _, r := range devs.RNGs {
		label, rows := rngItem(r)
		add("rng", label, rows, nil)
	}
	for _, p := range devs.Panics {
		add("panic", "Panic Notifier", rowsOf("Model", p.Model), nil)
	}
	if v := devs.VSock; v != nil {
		var cid string
		if v.CID != nil {
			cid = v.CID.Address
			if v.CID.Auto == "yes" {
				cid = "auto"
			}
		}
		add("vsock", "VirtIO VSOCK", rowsOf("Model", v.Model, "CID", cid), nil)
	}
	for _, s := range devs.Shmems {
		add("shmem", strings.TrimSpace("Shared memory "+s.Name), rowsOf("Name", s.Name, "Role", s.Role), nil)
	}
	for _, m := range devs.Memorydevs {
		add("memorydev", "Memory device "+m.Model, rowsOf("Model", m.Model), nil)
	}
	for _, h := range devs.Hubs {
		add("hub", "Hub "+strings.ToUpper(h.Type), rowsOf("Type", h.Type), nil)
	}
	for _, l := range devs.Leases {
		add("lease", "Lease", rowsOf("Lockspace", l.Lockspace, "Key", l.Key), nil)
	}
	for _, io := range devs.IOMMUs {
		add("iommu", "IOMMU "+io.Model, rowsOf("Model", io.Model), nil)
	}
	if devs.IOMMU != nil && len(devs.IOMMUs) == 0 {
		add("iommu", "IOMMU "+devs.IOMMU.Model, rowsOf("Model", devs.IOMMU.Model), nil)
	}
	for _, c := range devs.Crypto {
		add("crypto", "Crypto "+c.Type, rowsOf("Model", c.Model, "Type", c.Type), nil)
	}
	if devs.NVRAM != nil {
		add("nvram", "NVRAM", nil, nil)
	}
	if devs.PStore != nil {
		add("pstore", "PStore", rowsOf("Backend", devs.PStore.Backend), nil)
	}
	// virt-manager folds the balloon into Memory; virtnic lists it so the
	// device list accounts for every device, except model none, which is
	// libvirt's way of saying there is no balloon.
	if b := devs.MemBalloon; b != nil && b.Model != "none" && b.Model != "" {
		add("memballoon", "Memballoon "+b.Model, rowsOf("Model", b.Model), nil)
	}

	items := []HardwareItem{
		{Kind: "overview", Label: "Overview", NICIndex: -1, Rows: overviewRows(&dom, devs)},
		{Kind: "cpus", Label: "CPUs", NICIndex: -1, Rows: cpuRows(&dom)},
		{Kind: "memory", Label: "Memory", NICIndex: -1, Rows: memoryRows(&dom)},
		{Kind: "boot", Label: "Boot Options", NICIndex: -1, Rows: bootRows(dom.OS, boots)},
	}
	return append(items, devItems...), nil
}

type bootRef struct {
	order uint
	label string
}

// rowsOf builds rows from label/value pairs, leaving out empty values so a
// page shows what the domain sets rather than a column of blanks.
func rowsOf(kv ...string) [][2]string {
	var rows [][2]string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			rows = append(rows, [2]string{kv[i], kv[i+1]})
		}
	}
	return rows
}

func overviewRows(d *libvirtxml.Domain, devs *libvirtxml.DomainDeviceList) [][2]string {
	var arch, machine, ostype string
	if d.OS != nil && d.OS.Type != nil {
		arch, machine, ostype = d.OS.Type.Arch, d.OS.Type.Machine, d.OS.Type.Type
	}
	return rowsOf(
		"Name", d.Name,
		"UUID", d.UUID,
		"Title", d.Title,
		"Description", d.Description,
		"Hypervisor", d.Type,
		"OS type", ostype,
		"Architecture", arch,
		"Machine", machine,
		"Emulator", devs.Emulator,
	)
}

func cpuRows(d *libvirtxml.Domain) [][2]string {
	var rows [][2]string
	if v := d.VCPU; v != nil {
		vcpus := strconv.FormatUint(uint64(v.Value), 10)
		if v.Current > 0 && v.Current != v.Value {
			vcpus = fmt.Sprintf("%d (maximum %d)", v.Current, v.Value)
		}
		rows = append(rows, rowsOf("vCPUs", vcpus, "Placement", v.Placement, "CPU set", v.CPUSet)...)
	}
	if c := d.CPU; c != nil {
		var model string
		if c.Model != nil {
			model = c.Model.Value
		}
		rows = append(rows, rowsOf("CPU mode", c.Mode, "CPU model", model, "Match", c.Match)...)
		if t := c.Topology; t != nil {
			parts := []string{fmt.Sprintf("sockets=%d", t.Sockets)}
			if t.Dies > 0 {
				parts = append(parts, fmt.Sprintf("dies=%d", t.Dies))
			}
			if t.Clusters > 0 {
				parts = append(parts, fmt.Sprintf("clusters=%d", t.Clusters))
			}
			parts = append(parts, fmt.Sprintf("cores=%d", t.Cores), fmt.Sprintf("threads=%d", t.Threads))
			rows = append(rows, [2]string{"Topology", strings.Join(parts, " ")})
		}
	}
	return rows
}

func memoryRows(d *libvirtxml.Domain) [][2]string {
	var cur, max, hot string
	if d.CurrentMemory != nil {
		cur = mib(d.CurrentMemory.Value, d.CurrentMemory.Unit)
	}
	if d.Memory != nil {
		max = mib(d.Memory.Value, d.Memory.Unit)
	}
	if cur == "" {
		// libvirt writes <currentMemory> only when it differs on some
		// drivers; without it the guest gets the whole allocation.
		cur = max
	}
	if d.MaximumMemory != nil {
		hot = mib(d.MaximumMemory.Value, d.MaximumMemory.Unit)
	}
	return rowsOf("Current allocation", cur, "Maximum allocation", max, "Hotplug maximum", hot)
}

// mib renders a libvirt scaled integer in MiB, the unit virt-manager shows.
func mib(v uint, unit string) string {
	var bytes float64
	switch strings.ToLower(unit) {
	case "b", "bytes":
		bytes = float64(v)
	case "kb":
		bytes = float64(v) * 1e3
	case "", "k", "kib":
		bytes = float64(v) * (1 << 10)
	case "mb":
		bytes = float64(v) * 1e6
	case "m", "mib":
		bytes = float64(v) * (1 << 20)
	case "gb":
		bytes = float64(v) * 1e9
	case "g", "gib":
		bytes = float64(v) * (1 << 30)
	case "tb":
		bytes = float64(v) * 1e12
	case "t", "tib":
		bytes = float64(v) * (1 << 40)
	default:
		return fmt.Sprintf("%d %s", v, unit)
	}
	m := bytes / (1 << 20)
	if m == float64(int64(m)) {
		return fmt.Sprintf("%d MiB", int64(m))
	}
	return fmt.Sprintf("%.1f MiB", m)
}

func bootRows(os *libvirtxml.DomainOS, boots []bootRef) [][2]string {
	var rows [][2]string
	if os != nil {
		var devs []string
		for _, b := range os.BootDevices {
			devs = append(devs, b.Dev)
		}
		rows = append(rows, rowsOf("Boot devices", strings.Join(devs, ", "))...)
	}
	sort.SliceStable(boots, func(i, j int) bool { return boots[i].order < boots[j].order })
	for _, b := range boots {
		rows = append(rows, [2]string{fmt.Sprintf("Boot order %d", b.order), b.label})
	}
	if os == nil {
		return rows
	}
	var menu string
	if os.BootMenu != nil {
		menu = os.BootMenu.Enable
	}
	rows = append(rows, rowsOf("Boot menu", menu, "Firmware", os.Firmware)...)
	if l := os.Loader; l != nil {
		rows = append(rows, rowsOf("Loader", l.Path, "Loader type", l.Type, "Secure boot", l.Secure, "Loader read-only", l.Readonly)...)
	}
	if n := os.NVRam; n != nil {
		rows = append(rows, rowsOf("NVRAM", n.NVRam, "NVRAM template", n.Template)...)
	}
	return append(rows, rowsOf("Kernel", os.Kernel, "Initrd", os.Initrd, "Kernel arguments", os.Cmdline, "Init", os.Init)...)
}

var diskBusNames = map[string]string{
	"virtio": "VirtIO", "sata": "SATA", "ide": "IDE", "scsi": "SCSI", "usb": "USB",
	"xen": "Xen", "sd": "SD", "fdc": "Floppy", "nvme": "NVMe",
}

var diskDeviceNames = map[string]string{
	"": "Disk", "disk": "Disk", "cdrom": "CDROM", "floppy": "Floppy", "lun": "LUN",
}

// diskLabel numbers disks per bus and device kind from 1, as virt-manager
// did ("VirtIO Disk 1", "SATA CDROM 1").
func diskLabel(d *libvirtxml.DomainDisk, count map[string]int) string {
	var bus string
	if d.Target != nil {
		bus = d.Target.Bus
	}
	busName, ok := diskBusNames[bus]
	if !ok {
		busName = strings.ToUpper(bus)
	}
	dev, ok := diskDeviceNames[d.Device]
	if !ok {
		dev = d.Device
	}
	if d.Device == "floppy" {
		busName = "" // "Floppy Floppy 1" says nothing more than "Floppy 1"
	}
	key := busName + " " + dev
	count[key]++
	return strings.TrimSpace(fmt.Sprintf("%s %s %d", busName, dev, count[key]))
}

func diskRows(d *libvirtxml.DomainDisk) [][2]string {
	var target, bus, driver, format, cache, ro, shared string
	if d.Target != nil {
		target, bus = d.Target.Dev, d.Target.Bus
	}
	if d.Driver != nil {
		driver, format, cache = d.Driver.Name, d.Driver.Type, d.Driver.Cache
	}
	if d.ReadOnly != nil {
		ro = "yes"
	}
	if d.Shareable != nil {
		shared = "yes"
	}
	src := diskSource(d.Source)
	if src == "" && (d.Device == "cdrom" || d.Device == "floppy") {
		src = "(no media)"
	}
	return rowsOf("Device", d.Device, "Source", src, "Target", target, "Bus", bus,
		"Driver", driver, "Format", format, "Cache", cache, "Read-only", ro, "Shareable", shared)
}

func diskSource(s *libvirtxml.DomainDiskSource) string {
	switch {
	case s == nil:
		return ""
	case s.File != nil:
		return s.File.File
	case s.Block != nil:
		return s.Block.Dev
	case s.Dir != nil:
		return s.Dir.Dir
	case s.Volume != nil:
		return s.Volume.Pool + "/" + s.Volume.Volume
	case s.Network != nil:
		src := s.Network.Protocol + ":" + s.Network.Name
		if len(s.Network.Hosts) > 0 && s.Network.Hosts[0].Name != "" {
			src = s.Network.Protocol + "://" + s.Network.Hosts[0].Name + "/" + s.Network.Name
		}
		return src
	case s.NVME != nil:
		return "nvme"
	case s.VHostUser != nil:
		return "vhost-user"
	}
	return ""
}

// nicLabel is virt-manager's "NIC :xx:yy:zz": the last three octets are what
// tells a domain's NICs apart, since they share the 52:54:00 prefix.
func nicLabel(iface *libvirtxml.DomainInterface) string {
	if iface.MAC != nil && len(iface.MAC.Address) >= 9 {
		return "NIC " + strings.ToLower(iface.MAC.Address[len(iface.MAC.Address)-9:])
	}
	return "NIC"
}

func nicRows(iface *libvirtxml.DomainInterface) [][2]string {
	kind := string(kindOf(iface))
	var src, portgroup, mac, model, link string
	if s := iface.Source; s != nil {
		switch {
		case s.Network != nil:
			src, portgroup = "Virtual network '"+s.Network.Network+"'", s.Network.PortGroup
		case s.Bridge != nil:
			src = "Bridge " + s.Bridge.Bridge
		case s.Direct != nil:
			src = "Host device " + s.Direct.Dev + ": macvtap"
			if s.Direct.Mode != "" {
				src += " (" + s.Direct.Mode + ")"
			}
		case s.User != nil:
			src = "Usermode networking"
		case s.VHostUser != nil:
			src = strings.TrimSpace("vhost-user " + chardevPath(s.VHostUser.Chardev))
		case s.Hostdev != nil && s.Hostdev.PCI != nil && s.Hostdev.PCI.Address != nil:
			src = "PCI " + pciAddr(s.Hostdev.PCI.Address)
		}
	}
	if kind == "ethernet" && iface.Target != nil && iface.Target.Dev != "" {
		src = "Generic ethernet " + iface.Target.Dev
	}
	if kind == "" {
		kind = "unknown"
	}
	if iface.MAC != nil {
		mac = strings.ToLower(iface.MAC.Address)
	}
	if iface.Model != nil {
		model = iface.Model.Type
	}
	if iface.Link != nil {
		link = iface.Link.State
	}
	return rowsOf("Type", kind, "Source", src, "Portgroup", portgroup, "Model", model, "MAC", mac, "Link", link)
}

func pciAddr(a *libvirtxml.DomainAddressPCI) string {
	u := func(p *uint) uint {
		if p == nil {
			return 0
		}
		return *p
	}
	return fmt.Sprintf("%04x:%02x:%02x.%x", u(a.Domain), u(a.Bus), u(a.Slot), u(a.Function))
}

func inputName(t string) string {
	switch t {
	case "tablet":
		return "Tablet"
	case "mouse":
		return "Mouse"
	case "keyboard":
		return "Keyboard"
	case "passthrough":
		return "Passthrough"
	case "evdev":
		return "Evdev"
	}
	return t
}

// graphicsItem never copies a password into the rows: the page only says
// whether one is set, because the details screen may be shown, screenshot or
// recorded where the VNC/Spice secret must not appear.
func graphicsItem(g *libvirtxml.DomainGraphic) (string, [][2]string) {
	port := func(p int, auto string) string {
		switch {
		case auto == "yes" || p == -1:
			if p > 0 {
				return strconv.Itoa(p) + " (auto)"
			}
			return "auto"
		case p > 0:
			return strconv.Itoa(p)
		}
		return ""
	}
	set := func(pw string) string {
		if pw != "" {
			return "set"
		}
		return ""
	}
	switch {
	case g.VNC != nil:
		v := g.VNC
		return "Display VNC", rowsOf("Type", "VNC", "Listen", listenOf(v.Listen, v.Listeners, v.Socket),
			"Port", port(v.Port, v.AutoPort), "Keymap", v.Keymap, "Password", set(v.Passwd))
	case g.Spice != nil:
		s := g.Spice
		return "Display Spice", rowsOf("Type", "Spice", "Listen", listenOf(s.Listen, s.Listeners, ""),
			"Port", port(s.Port, s.AutoPort), "TLS port", port(s.TLSPort, ""), "Keymap", s.Keymap, "Password", set(s.Passwd))
	case g.RDP != nil:
		r := g.RDP
		return "Display RDP", rowsOf("Type", "RDP", "Listen", listenOf(r.Listen, r.Listeners, ""),
			"Port", port(r.Port, r.AutoPort), "Password", set(r.Passwd))
	case g.SDL != nil:
		return "Display SDL", rowsOf("Type", "SDL", "Display", g.SDL.Display)
	case g.Desktop != nil:
		return "Display Desktop", rowsOf("Type", "Desktop")
	case g.EGLHeadless != nil:
		return "Display EGL headless", rowsOf("Type", "EGL headless")
	case g.DBus != nil:
		return "Display D-Bus", rowsOf("Type", "D-Bus")
	}
	return "Display", nil
}

func listenOf(attr string, ls []libvirtxml.DomainGraphicListener, socket string) string {
	for _, l := range ls {
		switch {
		case l.Address != nil && l.Address.Address != "":
			return l.Address.Address
		case l.Network != nil:
			return "network " + l.Network.Network
		case l.Socket != nil:
			return "socket " + l.Socket.Socket
		}
	}
	if attr != "" {
		return attr
	}
	if socket != "" {
		return "socket " + socket
	}
	return ""
}

func chardevType(s *libvirtxml.DomainChardevSource) string {
	switch {
	case s == nil:
		return ""
	case s.Pty != nil:
		return "pty"
	case s.File != nil:
		return "file"
	case s.UNIX != nil:
		return "unix"
	case s.TCP != nil:
		return "tcp"
	case s.UDP != nil:
		return "udp"
	case s.Dev != nil:
		return "dev"
	case s.Pipe != nil:
		return "pipe"
	case s.StdIO != nil:
		return "stdio"
	case s.Null != nil:
		return "null"
	case s.VC != nil:
		return "vc"
	case s.SpiceVMC != nil:
		return "spicevmc"
	case s.SpicePort != nil:
		return "spiceport"
	case s.QEMUVDAgent != nil:
		return "qemu-vdagent"
	case s.DBus != nil:
		return "dbus"
	case s.NMDM != nil:
		return "nmdm"
	}
	return ""
}

func chardevPath(s *libvirtxml.DomainChardevSource) string {
	switch {
	case s == nil:
		return ""
	case s.Pty != nil:
		return s.Pty.Path
	case s.File != nil:
		return s.File.Path
	case s.UNIX != nil:
		return s.UNIX.Path
	case s.TCP != nil:
		return s.TCP.Host + ":" + s.TCP.Service
	case s.Dev != nil:
		return s.Dev.Path
	case s.Pipe != nil:
		return s.Pipe.Path
	}
	return ""
}

// channelNames are virt-manager's short names for the well-known channels.
var channelNames = map[string]string{
	"org.qemu.guest_agent.0":         "qemu-ga",
	"com.redhat.spice.0":             "spice",
	"org.spice-space.webdav.0":       "spice-webdav",
	"org.libguestfs.channel.0":       "libguestfs",
	"org.qemu.guest_agent.1":         "qemu-ga",
	"org.freedesktop.dbus.vdagent.0": "vdagent",
}

func channelItem(c *libvirtxml.DomainChannel) (string, [][2]string) {
	var name, ttype string
	if t := c.Target; t != nil {
		switch {
		case t.VirtIO != nil:
			name, ttype = t.VirtIO.Name, "virtio"
		case t.Xen != nil:
			name, ttype = t.Xen.Name, "xen"
		case t.GuestFWD != nil:
			name, ttype = t.GuestFWD.Address+":"+t.GuestFWD.Port, "guestfwd"
		}
	}
	short := channelNames[name]
	if short == "" {
		short = name
	}
	if short == "" {
		short = chardevType(c.Source)
	}
	return strings.TrimSpace("Channel " + short), rowsOf("Name", name, "Target type", ttype,
		"Device type", chardevType(c.Source), "Source", chardevPath(c.Source))
}

func hostdevItem(h *libvirtxml.DomainHostdev) (string, [][2]string) {
	switch {
	case h.SubsysPCI != nil:
		var addr string
		if s := h.SubsysPCI.Source; s != nil && s.Address != nil {
			addr = pciAddr(s.Address)
		}
		return strings.TrimSpace("PCI " + addr), rowsOf("Type", "PCI", "Address", addr, "Managed", h.Managed)
	case h.SubsysUSB != nil:
		var id string
		if s := h.SubsysUSB.Source; s != nil && s.Vendor != nil && s.Product != nil {
			id = strings.TrimPrefix(s.Vendor.ID, "0x") + ":" + strings.TrimPrefix(s.Product.ID, "0x")
		}
		return strings.TrimSpace("USB " + id), rowsOf("Type", "USB", "Device", id)
	case h.SubsysSCSI != nil:
		return "SCSI host device", rowsOf("Type", "SCSI")
	case h.SubsysMDev != nil:
		return "MDEV " + h.SubsysMDev.Model, rowsOf("Type", "mdev", "Model", h.SubsysMDev.Model)
	}
	return "Host device", nil
}

func videoName(t string) string {
	switch t {
	case "qxl", "vga", "vmvga":
		return strings.ToUpper(t)
	case "virtio":
		return "Virtio"
	case "cirrus":
		return "Cirrus"
	case "bochs":
		return "Bochs"
	case "none":
		return "None"
	case "":
		return "default"
	}
	return t
}

func videoRows(m libvirtxml.DomainVideoModel) [][2]string {
	var heads, vram string
	if m.Heads > 0 {
		heads = strconv.FormatUint(uint64(m.Heads), 10)
	}
	if m.VRam > 0 {
		vram = mib(m.VRam, "KiB")
	}
	return rowsOf("Model", m.Type, "Heads", heads, "Video RAM", vram)
}

// hiddenController leaves out what virt-manager did not list either: the
// ICH9 USB companions (part of the EHCI controller) and the PCIe root ports
// and bridges a q35 guest grows by the dozen, which say nothing to a user
// choosing a device.
func hiddenController(c libvirtxml.DomainController) bool {
	switch c.Model {
	case "ich9-uhci1", "ich9-uhci2", "ich9-uhci3",
		"pcie-root-port", "pcie-to-pci-bridge", "pci-bridge", "dmi-to-pci-bridge",
		"pcie-switch-upstream-port", "pcie-switch-downstream-port":
		return true
	}
	return false
}

func controllerName(typ, model string) string {
	switch typ {
	case "usb":
		return "USB"
	case "pci":
		if strings.HasPrefix(model, "pcie") {
			return "PCIe"
		}
		return "PCI"
	case "sata":
		return "SATA"
	case "ide":
		return "IDE"
	case "fdc":
		return "Floppy"
	case "virtio-serial":
		return "VirtIO Serial"
	case "scsi":
		if model == "virtio-scsi" {
			return "VirtIO SCSI"
		}
		return "SCSI"
	case "xenbus":
		return "Xen Bus"
	case "ccid":
		return "CCID"
	case "nvme":
		return "NVMe"
	}
	return typ
}

func tpmRows(t libvirtxml.DomainTPM) [][2]string {
	var backend, version, dev string
	if b := t.Backend; b != nil {
		switch {
		case b.Emulator != nil:
			backend, version = "emulator", b.Emulator.Version
		case b.Passthrough != nil:
			backend = "passthrough"
			if b.Passthrough.Device != nil {
				dev = b.Passthrough.Device.Path
			}
		case b.External != nil:
			backend = "external"
		}
	}
	return rowsOf("Model", t.Model, "Backend", backend, "Version", version, "Device", dev)
}

func rngItem(r libvirtxml.DomainRNG) (string, [][2]string) {
	var backend, src string
	if b := r.Backend; b != nil {
		switch {
		case b.Random != nil:
			backend, src = "random", b.Random.Device
		case b.EGD != nil:
			backend, src = "egd", chardevPath(b.EGD.Source)
			if src == "" {
				src = chardevType(b.EGD.Source)
			}
		case b.BuiltIn != nil:
			backend, src = "builtin", "builtin"
		}
	}
	label := "RNG"
	if src != "" {
		label += " " + src
	}
	return label, rowsOf("Model", r.Model, "Backend", backend, "Source", src)
}
