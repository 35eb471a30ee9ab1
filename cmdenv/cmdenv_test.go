package cmdenv

import "testing"

func TestCLocale(t *testing.T) {
	for _, tt := range []struct {
		locale string
		want   bool
	}{
		{"C.UTF-8", true}, {"C.utf8", true}, {"POSIX.UTF-8", true}, {"C@euro", true},
		{"C", false}, {"POSIX", false}, {"", false}, {"en_US.UTF-8", false}, {"zh_CN.UTF-8", false},
	} {
		if got := cLocale(tt.locale); got != tt.want {
			t.Errorf("cLocale(%q) = %v, want %v", tt.locale, got, tt.want)
		}
	}
}
