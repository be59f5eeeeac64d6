package testdaemon

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// createdMark marks a host mount point that a testdaemon created, so that
// whichever daemon releases it last removes it again, even when it was
// created by another test binary running in parallel (go test ./...).
const createdMark = ".virtnic-testdaemon-created"

// mountPoint is a host directory a daemon's namespace mounts over. While a
// daemon uses it, it holds a shared flock on the directory; the last user
// (the one that can upgrade to an exclusive lock) removes it if a testdaemon
// created it.
type mountPoint struct {
	path string
	f    *os.File
}

func acquireMountPoint(path string) (*mountPoint, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 100; attempt++ {
		switch err := os.Mkdir(path, 0o755); {
		case err == nil:
			if err := os.WriteFile(filepath.Join(path, createdMark), []byte("created by virtnic libvirtx/testdaemon; removed when its last daemon stops\n"), 0o644); err != nil {
				_ = os.Remove(path)
				return nil, err
			}
		case errors.Is(err, os.ErrExist):
		default:
			return nil, err
		}
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			continue // removed by a daemon releasing it; try again
		}
		if err != nil {
			return nil, err
		}
		if err := flock(f, syscall.LOCK_SH); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return &mountPoint{path: path, f: f}, nil
		}
		f.Close() // the directory we locked was removed meanwhile
	}
	return nil, fmt.Errorf("could not take mount point %s", path)
}

func (m *mountPoint) release() {
	if m == nil || m.f == nil {
		return
	}
	if flock(m.f, syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		mark := filepath.Join(m.path, createdMark)
		if _, err := os.Stat(mark); err == nil {
			_ = os.Remove(mark)
			if err := os.Remove(m.path); err != nil {
				// Not empty (someone else put files there): leave it, but
				// keep the mark so a later release can try again.
				_ = os.WriteFile(mark, nil, 0o644)
			}
		}
	}
	m.f.Close()
	m.f = nil
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
