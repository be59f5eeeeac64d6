package hardware

import (
	"strings"

	"libvirt.org/go/libvirtxml"
)

// channelNames are virt-manager's short names for the well-known channels.
var channelNames = map[string]string{
	"org.qemu.guest_agent.0":         "qemu-ga",
	"com.redhat.spice.0":             "spice",
	"org.spice-space.webdav.0":       "spice-webdav",
	"org.libguestfs.channel.0":       "libguestfs",
	"org.qemu.guest_agent.1":         "qemu-ga",
	"org.freedesktop.dbus.vdagent.0": "vdagent",
}

func channels(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Channels, func(_ int, c *libvirtxml.DomainChannel) device {
		name, ttype := channelTarget(c.Target)
		return device{label: channelLabel(name, c.Source), rows: rowsOf("Name", name, "Target type", ttype,
			"Device type", chardevType(c.Source), "Source", chardevPath(c.Source))}
	})
}

func channelTarget(t *libvirtxml.DomainChannelTarget) (name, targetType string) {
	switch {
	case t == nil:
		return "", ""
	case t.VirtIO != nil:
		return t.VirtIO.Name, "virtio"
	case t.Xen != nil:
		return t.Xen.Name, "xen"
	case t.GuestFWD != nil:
		return t.GuestFWD.Address + ":" + t.GuestFWD.Port, "guestfwd"
	}
	return "", ""
}

// channelLabel prefers virt-manager's short name, then the channel's own
// name, then its source type, so an unnamed channel still says something.
func channelLabel(name string, src *libvirtxml.DomainChardevSource) string {
	short := channelNames[name]
	if short == "" {
		short = name
	}
	if short == "" {
		short = chardevType(src)
	}
	return strings.TrimSpace("Channel " + short)
}
