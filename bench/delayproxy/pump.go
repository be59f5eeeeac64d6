package delayproxy

import (
	"errors"
	"io"
	"net"
	"time"
)

// chunk is what one Read returned, due for writing at due.
type chunk struct {
	data []byte
	due  time.Time
}

// queueLen bounds the chunks in flight per direction; a full queue stops
// reading, which is the back pressure a slow receiver would exert anyway.
const queueLen = 4096

// pump copies src to dst, each chunk delayed by p.delay from the moment it
// was read. The reader never waits for the writer, so chunks read 1 ms
// apart leave 1 ms apart. The delay is the same for every chunk, so due
// times are in read order and one FIFO queue suffices. At EOF the write
// side of dst is closed after the last chunk (a half-close passes on); on
// an error both connections are closed so the other direction ends too.
func (p *Proxy) pump(dst, src net.Conn) {
	q := make(chan chunk, queueLen)
	var readErr error // set before q is closed
	go func() {
		defer close(q)
		buf := make([]byte, 64<<10)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				q <- chunk{data: append([]byte(nil), buf[:n]...), due: time.Now().Add(p.delay)}
			}
			if err != nil {
				readErr = err
				return
			}
		}
	}()
	failed := false
	for c := range q {
		if failed {
			continue // drain so the reader can finish
		}
		if wait := time.Until(c.due); wait > 0 {
			time.Sleep(wait)
		}
		if _, err := dst.Write(c.data); err != nil {
			failed = true
			src.Close()
			dst.Close()
		}
	}
	if failed {
		return
	}
	if tc, ok := dst.(*net.TCPConn); ok && errors.Is(readErr, io.EOF) {
		_ = tc.CloseWrite()
		return
	}
	src.Close()
	dst.Close()
}
