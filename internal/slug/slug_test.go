package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"Long-range strike restrictions, Sep 2024": "long-range-strike-restrictions-sep-2024",
		"Zürich – Kyiv talks":                      "zurich-kyiv-talks",
		"  “Quoted”  title!  ":                     "quoted-title",
		"Путин":                                    "putin",
		"Україна 2024":                             "ukrayina-2024",
		"Ελλάδα: εκλογές":                          "ellada-ekloges",
		"Подъём цен":                               "podyom-tsen",
		"北京":                                       "",
		"NATO/Russia: 2024":                        "nato-russia-2024",
	} {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
	}
	long := Make(strings.Repeat("word ", 40))
	if len(long) > MaxLen || strings.HasSuffix(long, "-") {
		t.Errorf("long slug %q (%d bytes)", long, len(long))
	}
}
