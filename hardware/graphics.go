package hardware

import (
	"strconv"

	"libvirt.org/go/libvirtxml"
)

func graphics(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Graphics, func(_ int, g *libvirtxml.DomainGraphic) device {
		label, rows := graphicsItem(g)
		return device{label: label, rows: rows}
	})
}

// graphicsItem never copies a password into the rows: the page only says
// whether one is set, because the details screen may be shown, screenshot or
// recorded where the VNC/Spice secret must not appear.
func graphicsItem(g *libvirtxml.DomainGraphic) (string, [][2]string) {
	switch {
	case g.VNC != nil:
		v := g.VNC
		return "Display VNC", rowsOf("Type", "VNC", "Listen", listenOf(v.Listen, v.Listeners, v.Socket),
			"Port", graphicsPort(v.Port, v.AutoPort), "Keymap", v.Keymap, "Password", passwordState(v.Passwd))
	case g.Spice != nil:
		s := g.Spice
		return "Display Spice", rowsOf("Type", "Spice", "Listen", listenOf(s.Listen, s.Listeners, ""),
			"Port", graphicsPort(s.Port, s.AutoPort), "TLS port", graphicsPort(s.TLSPort, ""),
			"Keymap", s.Keymap, "Password", passwordState(s.Passwd))
	case g.RDP != nil:
		r := g.RDP
		return "Display RDP", rowsOf("Type", "RDP", "Listen", listenOf(r.Listen, r.Listeners, ""),
			"Port", graphicsPort(r.Port, r.AutoPort), "Password", passwordState(r.Passwd))
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

// graphicsPort reads libvirt's port conventions: autoport='yes' or port -1
// means libvirt picks one, and a running guest's XML then carries the port
// it picked alongside.
func graphicsPort(port int, autoport string) string {
	switch {
	case autoport == "yes" || port == -1:
		if port > 0 {
			return strconv.Itoa(port) + " (auto)"
		}
		return "auto"
	case port > 0:
		return strconv.Itoa(port)
	}
	return ""
}

// passwordState is all a page ever shows of a graphics password.
func passwordState(passwd string) string {
	if passwd != "" {
		return "set"
	}
	return ""
}

// listenOf is the first <listen> that names an address, network or socket,
// then the legacy listen= attribute, then VNC's socket= attribute.
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
