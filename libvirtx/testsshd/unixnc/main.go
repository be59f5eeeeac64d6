// Command unixnc is the few lines of netcat libvirt's ssh transports need
// on the remote side: "unixnc [-q0] -U SOCKET" joins its standard input and
// output to a unix socket. The test sshd's clients name it with the URI's
// netcat= parameter, so the tests need no netcat package and reach the
// private libvirtd's socket, which virt-ssh-helper (it ignores socket=
// before libvirt 9.x) would not.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	path := ""
	for i := 1; i < len(os.Args); i++ {
		if os.Args[i] == "-U" && i+1 < len(os.Args) {
			path = os.Args[i+1]
			i++
		}
	}
	if path == "" {
		// libvirt probes "nc -q" for whether -q takes an argument; saying
		// nothing makes it call us without one.
		fmt.Fprintln(os.Stderr, "usage: unixnc [-q0] -U SOCKET")
		os.Exit(2)
	}
	c, err := net.Dial("unix", path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "unixnc:", err)
		os.Exit(1)
	}
	go func() {
		_, _ = io.Copy(c, os.Stdin)
		// The client is done sending: the daemon sees the end too, and
		// closes once it has answered.
		_ = c.(*net.UnixConn).CloseWrite()
	}()
	_, _ = io.Copy(os.Stdout, c)
}
