package ops

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestOpenSweepsWhatDeadProcessesLeft: the scratch folder of a process that no
// longer runs, and the temporary files its list names, are removed at the next
// start; a user's file the list happens to match is not, nor a live process's.
func TestOpenSweepsWhatDeadProcessesLeft(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no process to borrow a dead id from:", err)
	}
	dead := cmd.Process.Pid
	out := t.TempDir()
	litter := filepath.Join(out, ".report.xlsx."+strconv.Itoa(dead)+".123")
	user := filepath.Join(out, "report.xlsx")
	for _, p := range []string{litter, user} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scratch := filepath.Join(os.TempDir(), scratchPrefix+strconv.Itoa(dead))
	if err := os.MkdirAll(scratch, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(scratch) })
	list := filepath.Join(out, ".report.xlsx."+strconv.Itoa(dead)+".*") + "\n" + user + "\n"
	if err := os.WriteFile(filepath.Join(scratch, listName), []byte(list), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(scratch, "excelize-1"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	svc, err := Open(context.Background(), filepath.Join(t.TempDir(), "shop.db"), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, gone := range []string{litter, scratch} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", gone, err)
		}
	}
	if _, err := os.Stat(user); err != nil {
		t.Errorf("the user's file went: %v", err)
	}
	mine, err := ScratchDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("this process's scratch folder went: %v", err)
	}
}
