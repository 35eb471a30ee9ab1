package ui

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// Fyne's own words (the file dialogs) follow the app's language, and both files
// translate the same message ids.
func TestFyneWordsFollowTheAppLanguage(t *testing.T) {
	defer applyFyneLanguage(langEnglish)
	for _, c := range []struct{ lang, cancel, folder string }{
		{langChinese, "取消", "新建文件夹"},
		{langEnglish, "Cancel", "New Folder"},
		{langChinese, "取消", "新建文件夹"},
	} {
		if err := applyFyneLanguage(c.lang); err != nil {
			t.Fatal(err)
		}
		if got := lang.L("Cancel"); got != c.cancel {
			t.Errorf("%s: Cancel is %q, want %q", c.lang, got, c.cancel)
		}
		if got := lang.L("New Folder"); got != c.folder {
			t.Errorf("%s: New Folder is %q, want %q", c.lang, got, c.folder)
		}
	}
	ids := func(name string) []string {
		b, err := fynelang.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return slices.Sorted(maps.Keys(m))
	}
	if en, zh := ids("fynelang/en.json"), ids("fynelang/zh.json"); !slices.Equal(en, zh) {
		t.Errorf("message ids differ:\nen %v\nzh %v", en, zh)
	}
}
