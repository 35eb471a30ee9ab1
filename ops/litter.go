package ops

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// A process that is killed (SIGKILL, a power cut) leaves its temporary files
// behind: an export's ".NAME.xlsx.*" next to the workbook, a backup's
// ".shipmode-backup-PID-*" next to the copy, excelize's scratch files. Each
// process of Shipmode keeps them findable: its scratch folder in the system's
// temporary folder is named after its process id, and a list in it names every
// temporary file it made elsewhere. The next start (Open) removes what dead
// processes left.

// scratchPrefix names the scratch folders.
const scratchPrefix = "shipmode-"

// listName is the list of temporary files made outside the scratch folder.
const listName = "temporary-files.txt"

// ScratchDir is this process's scratch folder (created on first use), for
// libraries' temporary files (excelize's TmpDir).
func ScratchDir() (string, error) {
	dir := filepath.Join(os.TempDir(), scratchPrefix+strconv.Itoa(os.Getpid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

// noteTemp records a temporary file (or a glob of them) made outside the scratch
// folder, before it is made, so that a later start removes it if this process
// dies first.
func noteTemp(pattern string) error {
	dir, err := ScratchDir()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, listName), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(f, pattern)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sweepLitter removes what dead processes of Shipmode left: the temporary files
// their lists name, then their scratch folders. It never fails: litter is not
// worth refusing to start over.
func sweepLitter() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), scratchPrefix+"*"))
	for _, dir := range dirs {
		pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), scratchPrefix))
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		if f, err := os.Open(filepath.Join(dir, listName)); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				removeTemps(sc.Text())
			}
			f.Close()
		}
		os.RemoveAll(dir)
	}
}

// removeTemps removes the files pattern names, if they are temporary files of
// ours (hidden names): a list is never a way to remove a user's file.
func removeTemps(pattern string) {
	paths, _ := filepath.Glob(pattern)
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), ".") {
			os.Remove(p)
		}
	}
}

// alive reports whether a process with id pid runs.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false // Windows: no such process
	}
	defer p.Release()
	if runtime.GOOS == "windows" {
		return true
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
