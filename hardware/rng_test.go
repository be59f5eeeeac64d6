package hardware

import "testing"

func TestRNGs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"every backend", `
<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
<rng model='virtio'><backend model='egd' type='unix'><source mode='connect' path='/run/egd.sock'/></backend></rng>
<rng model='virtio'><backend model='egd' type='spicevmc'/></rng>
<rng model='virtio'><backend model='builtin'/></rng>`,
			[]Item{
				dev("rng", "RNG /dev/urandom", "Model", "virtio", "Backend", "random", "Source", "/dev/urandom"),
				dev("rng", "RNG /run/egd.sock", "Model", "virtio", "Backend", "egd", "Source", "/run/egd.sock"),
				// No path: the chardev type is what tells it apart.
				dev("rng", "RNG spicevmc", "Model", "virtio", "Backend", "egd", "Source", "spicevmc"),
				dev("rng", "RNG builtin", "Model", "virtio", "Backend", "builtin", "Source", "builtin"),
			}},
	})
}
