package hardware

import "libvirt.org/go/libvirtxml"

// chardevTypes pair each character-device <source> variant with the type
// attribute libvirt wrote for it. libvirtxml keeps no type of its own, so
// the type is whichever variant is set; the order is the one to test them in.
var chardevTypes = []struct {
	name string
	set  func(s *libvirtxml.DomainChardevSource) bool
}{
	{"pty", func(s *libvirtxml.DomainChardevSource) bool { return s.Pty != nil }},
	{"file", func(s *libvirtxml.DomainChardevSource) bool { return s.File != nil }},
	{"unix", func(s *libvirtxml.DomainChardevSource) bool { return s.UNIX != nil }},
	{"tcp", func(s *libvirtxml.DomainChardevSource) bool { return s.TCP != nil }},
	{"udp", func(s *libvirtxml.DomainChardevSource) bool { return s.UDP != nil }},
	{"dev", func(s *libvirtxml.DomainChardevSource) bool { return s.Dev != nil }},
	{"pipe", func(s *libvirtxml.DomainChardevSource) bool { return s.Pipe != nil }},
	{"stdio", func(s *libvirtxml.DomainChardevSource) bool { return s.StdIO != nil }},
	{"null", func(s *libvirtxml.DomainChardevSource) bool { return s.Null != nil }},
	{"vc", func(s *libvirtxml.DomainChardevSource) bool { return s.VC != nil }},
	{"spicevmc", func(s *libvirtxml.DomainChardevSource) bool { return s.SpiceVMC != nil }},
	{"spiceport", func(s *libvirtxml.DomainChardevSource) bool { return s.SpicePort != nil }},
	{"qemu-vdagent", func(s *libvirtxml.DomainChardevSource) bool { return s.QEMUVDAgent != nil }},
	{"dbus", func(s *libvirtxml.DomainChardevSource) bool { return s.DBus != nil }},
	{"nmdm", func(s *libvirtxml.DomainChardevSource) bool { return s.NMDM != nil }},
}

// chardevType is the source's type attribute ("pty", "tcp", …), "" when
// there is no source or libvirtxml knows none of its variants.
func chardevType(s *libvirtxml.DomainChardevSource) string {
	if s == nil {
		return ""
	}
	for _, t := range chardevTypes {
		if t.set(s) {
			return t.name
		}
	}
	return ""
}

// chardevPath is where the device leads on the host, for the types that
// lead somewhere a user can name.
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
