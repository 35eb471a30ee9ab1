package ops

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"shipmode/ingest"
	"strconv"
)

// atomicFile is a file written under a temporary name in its folder and renamed to
// its name by Commit, so that a crash, an error or a cancel never leaves half a
// file under the name (and an existing file stays as it was until the rename).
type atomicFile struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
	done bool
}

func createAtomic(path string) (*atomicFile, error) {
	pattern := "." + filepath.Base(path) + "." + strconv.Itoa(os.Getpid()) + ".*"
	if err := noteTemp(filepath.Join(filepath.Dir(path), pattern)); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return nil, &InputError{Path: path, Err: pathErr(err)}
	}
	return &atomicFile{path: path, tmp: tmp, w: bufio.NewWriterSize(tmp, 1<<20)}, nil
}

func (f *atomicFile) Write(b []byte) (int, error) { return f.w.Write(b) }

// Commit flushes, syncs and renames the file to its name.
func (f *atomicFile) Commit() error {
	err := f.w.Flush()
	if err == nil {
		err = f.tmp.Sync()
	}
	if err == nil {
		err = f.tmp.Chmod(0o644)
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return &InputError{Path: f.path, Err: pathErr(err)}
	}
	f.done = true
	return nil
}

// Abort removes the temporary file unless Commit renamed it; it is safe to defer.
func (f *atomicFile) Abort() {
	if !f.done {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
}

// WriteFile writes a whole file through write, under a temporary name renamed to
// path once write returned nil: a failure, a cancel or a crash never leaves half a
// file under path, and an existing file stays as it was until then.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	return f.Commit()
}

// writeRejectedRows writes an import's rejected rows as the file had them: ";"-
// separated when it was.
func writeRejectedRows(w io.Writer, semicolons bool, header []string, rejected []ingest.RowError) error {
	if semicolons {
		return ingest.WriteRejectedSemicolons(w, header, rejected)
	}
	return ingest.WriteRejected(w, header, rejected)
}

// openInput opens a file the user gives to import, with its size (0 when unknown)
// for the progress; an empty *name becomes the file's base name.
func openInput(path string, name *string) (*os.File, int64, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, 0, err
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	if *name == "" {
		*name = filepath.Base(path)
	}
	return f, size, nil
}
