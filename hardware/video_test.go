package hardware

import "testing"

func TestVideos(t *testing.T) {
	runKindCases(t, []kindCase{
		{"names, heads, video RAM in MiB", `
<video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1'/></video>
<video><model type='vga' vram='16384'/></video>
<video><model type='vmvga'/></video>
<video><model type='virtio' heads='2'/></video>
<video><model type='cirrus'/></video>
<video><model type='bochs'/></video>
<video><model type='none'/></video>
<video><model type='ramfb'/></video>
<video/>`,
			[]Item{
				dev("video", "Video QXL", "Model", "qxl", "Heads", "1", "Video RAM", "64 MiB"),
				dev("video", "Video VGA", "Model", "vga", "Video RAM", "16 MiB"),
				dev("video", "Video VMVGA", "Model", "vmvga"),
				dev("video", "Video Virtio", "Model", "virtio", "Heads", "2"),
				dev("video", "Video Cirrus", "Model", "cirrus"),
				dev("video", "Video Bochs", "Model", "bochs"),
				dev("video", "Video None", "Model", "none"),
				dev("video", "Video ramfb", "Model", "ramfb"),
				dev("video", "Video default"),
			}},
	})
}
