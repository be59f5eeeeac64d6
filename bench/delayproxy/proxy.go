// Package delayproxy is a TCP proxy that adds a fixed one-way delay to each
// direction of every connection, to make a loopback libvirtd look like one
// across a network (25 ms each way is a 50 ms round trip).
//
// It delays without serialising: every chunk is stamped when it is read
// and written once its own delay has passed, while reading goes on. libvirt's
// RPC client multiplexes concurrent calls on one connection, so N calls
// sent together must come back after one round trip, not N.
package delayproxy

import (
	"errors"
	"net"
	"sync"
	"time"
)

// Proxy forwards connections to one target with a fixed delay.
type Proxy struct {
	ln     net.Listener
	target string
	delay  time.Duration

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// Listen starts a proxy on addr (e.g. "127.0.0.1:0" for a free port) that
// forwards every accepted connection to target, delaying the bytes in each
// direction by oneWay.
func Listen(addr, target string, oneWay time.Duration) (*Proxy, error) {
	if oneWay < 0 {
		return nil, errors.New("delayproxy: negative delay")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, delay: oneWay, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the address the proxy listens on (host:port).
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Delay is the one-way delay; a round trip takes twice as long.
func (p *Proxy) Delay() time.Duration { return p.delay }

// Close stops accepting, drops every open connection and waits until all
// of the proxy's goroutines have returned.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		p.wg.Add(1)
		go p.serve(client)
	}
}

// track remembers c for Close; it returns false once the proxy is closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

// serve connects client to the target and pumps both directions until
// both have ended; an error in either drops the pair.
func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	defer p.untrack(client)
	if !p.track(client) {
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer p.untrack(server)
	if !p.track(server) {
		return
	}
	var both sync.WaitGroup
	both.Add(2)
	go func() { defer both.Done(); p.pump(server, client) }()
	go func() { defer both.Done(); p.pump(client, server) }()
	both.Wait()
}
