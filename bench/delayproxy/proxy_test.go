package delayproxy_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"virtnic/bench/delayproxy"
)

const oneWay = 25 * time.Millisecond
const rtt = 2 * oneWay

// echoServer answers every byte with itself and half-closes at EOF.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = io.Copy(c, c)
				_ = c.(*net.TCPConn).CloseWrite()
			}()
		}
	}()
	return ln.Addr().String()
}

// dialProxy starts a proxy with delay in front of an echo server and
// connects to it.
func dialProxy(t *testing.T, delay time.Duration) (*delayproxy.Proxy, net.Conn) {
	t.Helper()
	p, err := delayproxy.Listen("127.0.0.1:0", echoServer(t), delay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, c
}

// One request, one reply: a round trip costs twice the one-way delay.
func TestRoundTrip(t *testing.T) {
	_, c := dialProxy(t, oneWay)
	var took []time.Duration
	for i := 0; i < 5; i++ {
		msg := []byte(fmt.Sprintf("ping-%03d", i))
		t0 := time.Now()
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatal(err)
		}
		took = append(took, time.Since(t0))
		if !bytes.Equal(got, msg) {
			t.Fatalf("echo %q, want %q", got, msg)
		}
	}
	slices.Sort(took)
	t.Logf("round trips %v", took)
	if took[0] < rtt {
		t.Errorf("fastest round trip %v, want at least %v", took[0], rtt)
	}
	if med := took[len(took)/2]; med > rtt+rtt/2 {
		t.Errorf("median round trip %v, want about %v", med, rtt)
	}
}

// Ten requests in flight on one connection, sent 20 ms apart, must all
// come back after about one round trip each. A proxy that stopped reading
// while it held a chunk would make a request wait for the chunk before it:
// the kernel merges what arrives meanwhile into one read, so the cost is up
// to one extra one-way delay per direction. The delay is 100 ms each way so
// that the bound (round trip + 80% of a one-way delay) leaves a busy CI
// machine 80 ms of scheduling noise and still catches that.
func TestPipelined(t *testing.T) {
	const oneWay = 100 * time.Millisecond
	const rtt = 2 * oneWay
	_, c := dialProxy(t, oneWay)
	const n = 10
	const stagger = 20 * time.Millisecond
	sent := make([]time.Time, n)
	got := make([]time.Time, n)
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 8)
		for i := 0; i < n; i++ {
			if _, err := io.ReadFull(c, buf); err != nil {
				done <- err
				return
			}
			var id int
			if _, err := fmt.Sscanf(string(buf), "req-%04d", &id); err != nil || id < 0 || id >= n || !got[id].IsZero() {
				done <- fmt.Errorf("reply %q: not a request of this test", buf)
				return
			}
			got[id] = time.Now()
		}
		done <- nil
	}()
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(start.Add(time.Duration(i) * stagger)))
			mu.Lock()
			defer mu.Unlock()
			sent[i] = time.Now()
			if _, err := c.Write([]byte(fmt.Sprintf("req-%04d", i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	total := time.Since(start)
	var worst time.Duration
	for i := range sent {
		lat := got[i].Sub(sent[i])
		if lat < rtt {
			t.Errorf("request %d came back after %v, less than a round trip (%v)", i, lat, rtt)
		}
		worst = max(worst, lat)
	}
	t.Logf("%d requests over %v: worst latency %v, all back after %v (one round trip %v)", n, n*stagger, worst, total, rtt)
	if worst > rtt+oneWay*8/10 {
		t.Errorf("worst latency %v, want about one round trip (%v): chunks wait for each other", worst, rtt)
	}
	if last := time.Duration(n-1) * stagger; total > last+rtt+oneWay*8/10 {
		t.Errorf("all replies after %v, want about one round trip after the last request (%v + %v)", total, last, rtt)
	}
}

// Bulk data arrives intact and a half-close passes through both ways.
func TestBulkAndHalfClose(t *testing.T) {
	_, c := dialProxy(t, oneWay)
	data := make([]byte, 4<<20)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = c.Write(data)
		_ = c.(*net.TCPConn).CloseWrite()
	}()
	back, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, data) {
		t.Fatalf("echoed %d bytes, want the %d sent unchanged", len(back), len(data))
	}
}

// Close drops connections still open and stops accepting.
func TestClose(t *testing.T) {
	p, c := dialProxy(t, oneWay)
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err == nil {
		t.Errorf("read %d bytes after Close, want the connection dropped", n)
	}
	if time.Since(t0) > time.Second {
		t.Errorf("Close took %v", time.Since(t0))
	}
	if c2, err := net.Dial("tcp", p.Addr()); err == nil {
		c2.Close()
		t.Errorf("proxy still accepts after Close")
	}
}
