package hardware

import "testing"

func TestGraphics(t *testing.T) {
	runKindCases(t, []kindCase{
		{"vnc socket, network listen, auto port with the port picked", `
<graphics type='vnc' socket='/run/vnc.sock' passwd='hunter2'/>
<graphics type='vnc' port='5901' autoport='yes' keymap='de'><listen type='network' network='lan'/></graphics>`,
			[]Item{
				dev("graphics", "Display VNC", "Type", "VNC", "Listen", "socket /run/vnc.sock", "Password", "set"),
				dev("graphics", "Display VNC", "Type", "VNC", "Listen", "network lan", "Port", "5901 (auto)", "Keymap", "de"),
			}},
		{"spice port -1 and TLS port", `
<graphics type='spice' port='-1' tlsPort='5902'><listen type='address' address='::1'/></graphics>`,
			[]Item{dev("graphics", "Display Spice", "Type", "Spice", "Listen", "::1", "Port", "auto", "TLS port", "5902")}},
		{"the other display types", `
<graphics type='rdp' port='3389' passwd='rdpS3cret'/>
<graphics type='sdl' display=':0'/>
<graphics type='desktop'/>
<graphics type='egl-headless'/>
<graphics type='dbus'/>`,
			[]Item{
				dev("graphics", "Display RDP", "Type", "RDP", "Port", "3389", "Password", "set"),
				dev("graphics", "Display SDL", "Type", "SDL", "Display", ":0"),
				dev("graphics", "Display Desktop", "Type", "Desktop"),
				dev("graphics", "Display EGL headless", "Type", "EGL headless"),
				dev("graphics", "Display D-Bus", "Type", "D-Bus"),
			}},
	})
}

// A password must never reach a label or a row, whatever type carries it.
func TestGraphicsNeverShowsPasswords(t *testing.T) {
	doc := domainWith(`
<graphics type='vnc' passwd='vncPW-1'/>
<graphics type='spice' passwd='spicePW-2'/>
<graphics type='rdp' passwd='rdpPW-3'/>`)
	items, err := Items(doc)
	if err != nil {
		t.Fatal(err)
	}
	checkNoPasswords(t, doc, items)
}
