package hardware

import "testing"

func TestChannels(t *testing.T) {
	runKindCases(t, []kindCase{
		{"short names, guestfwd, xen, unnamed", `
<channel type='unix'><source mode='bind' path='/run/qga.sock'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
<channel type='spiceport'><source channel='org.spice-space.webdav.0'/><target type='virtio' name='org.spice-space.webdav.0'/></channel>
<channel type='qemu-vdagent'><target type='virtio' name='com.redhat.spice.0'/></channel>
<channel type='tcp'><source mode='connect' host='10.0.0.1' service='4600'/><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>
<channel type='pty'><target type='xen' name='org.xen.tools'/></channel>
<channel type='pty'/>`,
			[]Item{
				dev("channel", "Channel qemu-ga", "Name", "org.qemu.guest_agent.0", "Target type", "virtio", "Device type", "unix", "Source", "/run/qga.sock"),
				dev("channel", "Channel spice-webdav", "Name", "org.spice-space.webdav.0", "Target type", "virtio", "Device type", "spiceport"),
				dev("channel", "Channel spice", "Name", "com.redhat.spice.0", "Target type", "virtio", "Device type", "qemu-vdagent"),
				dev("channel", "Channel 10.0.2.1:4600", "Name", "10.0.2.1:4600", "Target type", "guestfwd", "Device type", "tcp", "Source", "10.0.0.1:4600"),
				dev("channel", "Channel org.xen.tools", "Name", "org.xen.tools", "Target type", "xen", "Device type", "pty"),
				dev("channel", "Channel pty", "Device type", "pty"),
			}},
	})
}
