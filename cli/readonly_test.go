//go:build linux

package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyDiskStillReports: a database on a read-only disk is reported and
// backed up; a change to it says the disk is read-only (one line, exit 1). It
// needs a tmpfs it can remount read-only (root); elsewhere it is skipped.
func TestReadOnlyDiskStillReports(t *testing.T) {
	dir := t.TempDir()
	disk := filepath.Join(dir, "disk")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("no tmpfs to mount (%v: %s)", err, out)
	}
	defer exec.Command("umount", disk).Run()
	db := filepath.Join(disk, "shop.db")
	mustRun(t, "--db", db, "demo", "--orders", "200")
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only (%v: %s)", err, out)
	}
	mustRun(t, "--db", db, "report", filepath.Join(dir, "r.xlsx"))
	mustRun(t, "--db", db, "backup", filepath.Join(dir, "b.db"))
	r := shipmode(t, "--db", db, "plan")
	if r.code != 1 || !strings.Contains(r.stderr, "read-only") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("plan on a read-only disk: exit %d, %q; want 1 and one line saying read-only", r.code, r.stderr)
	}
}
