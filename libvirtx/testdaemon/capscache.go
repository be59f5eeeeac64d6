package testdaemon

import (
	"os"
	"path/filepath"
	"sync"
)

// A fresh libvirtd probes every QEMU binary (4–8 s here) and caches the
// result in /var/cache/libvirt/qemu/capabilities. libvirt validates a cache
// file itself (QEMU and libvirtd ctimes, versions, kernel, microcode), so a
// new daemon can start from the files of an earlier or concurrent one and
// skip the probe. The files are kept in memory only: nothing is left on disk.
var capsCache struct {
	mu    sync.Mutex
	files map[string][]byte
}

const capsSubdir = "cache/qemu/capabilities"

// saveCapsCache remembers the capability files of the daemon in dir.
func saveCapsCache(dir string) {
	files := readCapsDir(filepath.Join(dir, capsSubdir))
	if len(files) == 0 {
		return
	}
	capsCache.mu.Lock()
	defer capsCache.mu.Unlock()
	if capsCache.files == nil {
		capsCache.files = map[string][]byte{}
	}
	for name, data := range files {
		capsCache.files[name] = data
	}
}

// seedCapsCache copies known capability files into the new daemon dir:
// from daemons of this process, else from any live testdaemon directory.
func seedCapsCache(dir string) {
	capsCache.mu.Lock()
	files := map[string][]byte{}
	for name, data := range capsCache.files {
		files[name] = data
	}
	capsCache.mu.Unlock()
	if len(files) == 0 {
		others, _ := filepath.Glob("/tmp/vnd*/" + capsSubdir)
		for _, o := range others {
			if filepath.Dir(filepath.Dir(filepath.Dir(o))) == dir {
				continue
			}
			if f := readCapsDir(o); len(f) > len(files) {
				files = f
			}
		}
	}
	if len(files) == 0 {
		return
	}
	dst := filepath.Join(dir, capsSubdir)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return
	}
	for name, data := range files {
		_ = os.WriteFile(filepath.Join(dst, name), data, 0o600)
	}
}

// readCapsDir reads the *.xml files of a capabilities directory. libvirt
// writes them by rename, so a file seen is complete.
func readCapsDir(dir string) map[string][]byte {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	files := map[string][]byte{}
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil && len(data) > 0 {
			files[filepath.Base(p)] = data
		}
	}
	return files
}
