package hardware

import "testing"

// Serial ports stand in for every character device source type here: the
// type and path rules are shared with consoles, channels and redirectors.
func TestSerialsAndSourceTypes(t *testing.T) {
	runKindCases(t, []kindCase{
		{"port from target, else position", `
<serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'/></serial>
<serial type='file'><source path='/var/log/s.log'/></serial>
<serial type='unix'><source mode='bind' path='/run/s.sock'/><target port='3'/></serial>`,
			[]Item{
				dev("serial", "Serial 1", "Device type", "pty", "Source", "/dev/pts/3", "Target type", "isa-serial"),
				dev("serial", "Serial 2", "Device type", "file", "Source", "/var/log/s.log"),
				dev("serial", "Serial 4", "Device type", "unix", "Source", "/run/s.sock"),
			}},
		{"every source type", `
<serial type='tcp'><source mode='connect' host='h' service='23'/><protocol type='telnet'/><target port='0'/></serial>
<serial type='udp'><source mode='bind' host='0.0.0.0' service='2445'/><source mode='connect' host='1.2.3.4' service='2445'/><target port='1'/></serial>
<serial type='dev'><source path='/dev/ttyS0'/><target port='2'/></serial>
<serial type='pipe'><source path='/tmp/p'/><target port='3'/></serial>
<serial type='stdio'><target port='4'/></serial>
<serial type='null'><target port='5'/></serial>
<serial type='vc'><target port='6'/></serial>
<serial type='spicevmc'><target port='7'/></serial>
<serial type='spiceport'><source channel='org.qemu.console.serial.0'/><target port='8'/></serial>
<serial type='nmdm'><source master='/dev/nmdm0A' slave='/dev/nmdm0B'/><target port='9'/></serial>
<serial type='qemu-vdagent'><target port='10'/></serial>
<serial type='dbus'><source channel='org.qemu.serial'/><target port='11'/></serial>`,
			[]Item{
				dev("serial", "Serial 1", "Device type", "tcp", "Source", "h:23"),
				dev("serial", "Serial 2", "Device type", "udp"),
				dev("serial", "Serial 3", "Device type", "dev", "Source", "/dev/ttyS0"),
				dev("serial", "Serial 4", "Device type", "pipe", "Source", "/tmp/p"),
				dev("serial", "Serial 5", "Device type", "stdio"),
				dev("serial", "Serial 6", "Device type", "null"),
				dev("serial", "Serial 7", "Device type", "vc"),
				dev("serial", "Serial 8", "Device type", "spicevmc"),
				dev("serial", "Serial 9", "Device type", "spiceport"),
				dev("serial", "Serial 10", "Device type", "nmdm"),
				dev("serial", "Serial 11", "Device type", "qemu-vdagent"),
				dev("serial", "Serial 12", "Device type", "dbus"),
			}},
		{"parallel ports and consoles", `
<parallel type='dev'><source path='/dev/parport0'/></parallel>
<parallel type='file'><source path='/tmp/lp'/><target port='2'/></parallel>
<console type='pty'><source path='/dev/pts/4'/><target type='serial' port='0'/></console>
<console type='pty'><target type='virtio'/></console>`,
			[]Item{
				dev("parallel", "Parallel 1", "Device type", "dev", "Source", "/dev/parport0"),
				dev("parallel", "Parallel 3", "Device type", "file", "Source", "/tmp/lp"),
				dev("console", "Console 1", "Device type", "pty", "Source", "/dev/pts/4", "Target type", "serial"),
				dev("console", "Console 2", "Device type", "pty", "Target type", "virtio"),
			}},
	})
}
