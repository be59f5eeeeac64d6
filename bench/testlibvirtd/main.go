// Command testlibvirtd runs a private libvirtd (libvirtx/testdaemon) with a
// loopback TCP listener, optionally behind a delay proxy, for scripts and
// experiments by hand:
//
//	go run ./bench/testlibvirtd -delay 25ms
//
// Once the daemon answers it prints shell-style lines
//
//	URI=qemu:///system?socket=…      (unix socket, no delay)
//	TCP_URI=qemu+tcp://127.0.0.1:…/system
//	REMOTE_URI=qemu+tcp://127.0.0.1:…/system   (through the proxy; only with -delay)
//	PID=…  DIR=…  READY=1
//
// and runs until SIGTERM or SIGINT, or, with -watch-stdin, until its
// standard input is closed. Then it stops the daemon, which removes its
// domains, networks, processes and directory.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"virtnic/bench/delayproxy"
	"virtnic/libvirtx/testdaemon"
)

func main() {
	delay := flag.Duration("delay", 0, "one-way delay of a proxy in front of the TCP listener (0: no proxy)")
	watchStdin := flag.Bool("watch-stdin", false, "also stop when standard input is closed")
	flag.Parse()
	if err := run(*delay, *watchStdin); err != nil {
		fmt.Fprintln(os.Stderr, "testlibvirtd:", err)
		os.Exit(1)
	}
}

func run(delay time.Duration, watchStdin bool) error {
	stop := make(chan os.Signal, 2)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	d, err := testdaemon.Launch(testdaemon.Options{TCP: true})
	if err != nil {
		return err
	}
	defer d.Stop()
	fmt.Printf("URI=%s\nTCP_URI=%s\n", d.URI(), d.TCPURI())
	if delay > 0 {
		p, err := delayproxy.Listen("127.0.0.1:0", d.TCPAddr(), delay)
		if err != nil {
			return err
		}
		defer p.Close()
		fmt.Printf("REMOTE_URI=%s\n", testdaemon.RemoteURI(p.Addr()))
	}
	fmt.Printf("PID=%d\nDIR=%s\nREADY=1\n", d.PID(), d.Dir())

	eof := make(chan struct{})
	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(eof)
		}()
	}
	select {
	case <-stop:
	case <-eof:
	}
	return nil
}
