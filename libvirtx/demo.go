package libvirtx

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed demo.xml
var demoXML []byte

const demoHost = "the demo host"

// OpenDemo opens the embedded demo host on libvirt's test driver, so virtnic
// can be tried without touching a real hypervisor. Each demo connection has
// its own private state; nothing is ever written to disk.
func OpenDemo(readOnly bool) (*Conn, error) {
	dir, err := os.MkdirTemp("", "virtnic-demo-")
	if err != nil {
		return nil, fmt.Errorf("open demo: %w", err)
	}
	// The test driver parses the node file once, at connect, so the file
	// is not needed once the connection is open.
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.xml")
	if err := os.WriteFile(path, demoXML, 0o600); err != nil {
		return nil, fmt.Errorf("open demo: %w", err)
	}
	// Messages call it "the demo host": the file they would name is gone.
	c, err := open("test://"+path, OpenOpts{ReadOnly: readOnly}, demoHost)
	if err != nil {
		return nil, err
	}
	c.demo = true
	return c, nil
}
