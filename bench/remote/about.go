package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine describes the date, machine and versions for a report.
func machine(rev string) string {
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	parts := []string{
		time.Now().UTC().Format("2006-01-02"),
		fmt.Sprintf("%d CPUs (%s), %s RAM", runtime.NumCPU(), cpu, memTotal()),
		firstLine("libvirt ", "virsh", "--version"),
		strings.Replace(firstLine("", "qemu-system-x86_64", "--version"), "QEMU emulator version", "QEMU", 1),
		firstLine("virt-xml ", "virt-xml", "--version"),
		firstLine("", "tmux", "-V"),
		runtime.Version(),
	}
	if rev != "" {
		parts = append(parts, "virtnic "+rev)
	}
	return "Run " + strings.Join(parts, ", ")
}

func firstLine(prefix, tool string, args ...string) string {
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		return tool + " ?"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return prefix + strings.TrimSpace(line)
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	var kib int64
	for _, line := range strings.Split(string(b), "\n") {
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kib); err == nil {
			return fmt.Sprintf("%.0f GiB", float64(kib)/(1<<20))
		}
	}
	return "?"
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
