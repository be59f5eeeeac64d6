package hardware

import "testing"

func TestSounds(t *testing.T) {
	runKindCases(t, []kindCase{
		{"by model", `<sound model='ich9'/><sound model='ac97'/>`,
			[]Item{
				dev("sound", "Sound ich9", "Model", "ich9"),
				dev("sound", "Sound ac97", "Model", "ac97"),
			}},
	})
}
