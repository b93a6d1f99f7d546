package names

import (
	"slices"
	"testing"
)

func TestKeyJoinsWaysOfWritingOneName(t *testing.T) {
	same := [][]string{
		{"Community Safety Fund", "community safety fund", "OPCC Community Safety Fund", "PCC's Community Safety Fund",
			"PCC’s Community Safety Fund", "Community Safety Fund.", "The Police and Crime Commissioner's Community Safety Fund",
			"Office of the Police & Crime Commissioner Community Safety Fund", "  Community  Safety\tFund "},
		{"Thames Valley Police and Crime Panel", "Thames Valley Police & Crime Panel", "THAMES VALLEY POLICE AND CRIME PANEL"},
		{"Age UK Oxfordshire", "Age UK (Oxfordshire)", "age-uk oxfordshire"},
		{"St Michael's Church", "St Michael’s Church", "St Michaels Church"},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, n := range group[1:] {
			if got := Key(n); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want one key", n, got, group[0], want)
			}
		}
	}
	differ := [][2]string{
		{"Community Safety Fund", "Police Property Act Fund"},
		{"Oxfordshire CSP", "Oxfordshire County Council"},
		{"DrugFAM (Berkshire)", "DrugFAM (Oxfordshire)"},
	}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q: they are different names", d[0], d[1], Key(d[0]))
		}
	}
	// A name that is only a prefix still names something.
	for _, n := range []string{"PCC", "OPCC", "The"} {
		if Key(n) == "" {
			t.Errorf("Key(%q) is empty", n)
		}
	}
}

func TestGroupsNameTheCommonestVariant(t *testing.T) {
	gs := Groups(map[string]int{"Community Safety Fund": 5, "OPCC Community Safety Fund": 2, "PCC's Community Safety Fund": 1, "Police Property Act Fund": 3})
	if len(gs) != 2 {
		t.Fatalf("%d groups, want 2: %v", len(gs), gs)
	}
	g := gs[Key("community safety fund")]
	if g == nil || g.Name != "Community Safety Fund" {
		t.Fatalf("group %+v", g)
	}
	if want := []string{"Community Safety Fund", "OPCC Community Safety Fund", "PCC's Community Safety Fund"}; !slices.Equal(g.Variants, want) {
		t.Errorf("variants %q, want %q", g.Variants, want)
	}
}
