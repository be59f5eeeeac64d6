package libvirtx

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockWait bounds how long a write waits for another virtnic of the same
// user writing the same domain.
const lockWait = 30 * time.Second

// lockDomain serialises virtnic writers of one domain on this machine.
// libvirt has no compare-and-swap: two writers of the same NIC that both
// check it and then both update it would silently lose the first change.
// Under this lock the second one's check sees the first one's write and
// refuses (or, in the CLI, plans again). Writers elsewhere are not covered;
// for them the check right before the write and the read right after it
// narrow the window to one round trip. A lock that cannot be taken is
// skipped, never fatal: it only narrows a window.
func lockDomain(uuid string) (unlock func()) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("virtnic-%d", os.Getuid()))
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return func() {}
	}
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 || !ownedByMe(fi) {
		return func() {} // someone else's directory: do not trust it
	}
	f, err := os.OpenFile(filepath.Join(dir, uuid+".lock"), os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return func() {}
	}
	deadline := time.Now().Add(lockWait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			f.Close()
			return func() {}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ownedByMe(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
