package model

import "testing"

func TestDisplayURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"hv1", "hv1"},
		{"qemu:///system", "qemu:///system"},
		{"qemu:///system?socket=/run/x/libvirt-sock", "qemu:///system?socket=/run/x/libvirt-sock"},
		{"test:///default", "test:///default"},
		{"qemu+ssh://root@hv1/system", "qemu+ssh://root@hv1/system"},
		{"qemu+ssh://root:hunter2@hv1/system", "qemu+ssh://root@hv1/system"},
		{"qemu+ssh://root:hunter2@[fe80::1]:2222/system", "qemu+ssh://root@[fe80::1]:2222/system"},
		{"qemu+tcp://:pw@hv1/system", "qemu+tcp://@hv1/system"},
		// A password holding "@" ends at the last one.
		{"qemu+ssh://u:p@ss@hv1/system", "qemu+ssh://u@hv1/system"},
		{"qemu+ssh://root@hv1/system?keyfile=/root/.ssh/id_hv1", "qemu+ssh://root@hv1/system"},
		{"qemu+ssh://root@hv1/system?no_tty=1&keyfile=/k&mode=legacy", "qemu+ssh://root@hv1/system?no_tty=1&mode=legacy"},
		{"qemu+libssh://root@hv1/system?known_hosts=/kh&sshauth=privkey&known_hosts_verify=normal",
			"qemu+libssh://root@hv1/system?sshauth=privkey&known_hosts_verify=normal"},
		{"qemu+tls://hv1/system?pkipath=/etc/pki/hv1", "qemu+tls://hv1/system"},
		{"qemu+ssh://hv1/system?password=x;socket=/s", "qemu+ssh://hv1/system?socket=/s"},
		{"esx://hv1/?PassWD=x&no_verify=1", "esx://hv1/?no_verify=1"},
		{"qemu+ssh://hv1/system?%6Beyfile=/k", "qemu+ssh://hv1/system"},
		{"qemu+ssh://hv1/system?auth_token=abc&privkey=/k&secret=s&credentials=c", "qemu+ssh://hv1/system"},
		// Query-less URIs keep their path, and "@" in a path is no user.
		{"test:///tmp/a@b/node.xml", "test:///tmp/a@b/node.xml"},
	} {
		if got := DisplayURI(tc.in); got != tc.want {
			t.Errorf("DisplayURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
