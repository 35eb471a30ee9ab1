package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"shipmode/demo"
	"shipmode/ingest"
	"shipmode/reports"
	"shipmode/store"
)

// ratebookTemplate writes the demo rate book as a workbook with header comments.
func ratebookTemplate(path string) error {
	var buf bytes.Buffer
	if err := reports.WriteRateBook(&buf, demo.RateBook()); err != nil {
		return fmt.Errorf("write rate book: %w", err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return userErrorf("%s: %v", path, err)
	}
	return nil
}

// importRateBook validates a rate-book workbook and stores it as a new version, with
// its products and stock; on any problem nothing is stored and every problem is
// listed.
func importRateBook(ctx context.Context, g globals, env Env, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return userErrorf("%s: %v", path, errors.Unwrap(err))
	}
	rb, err := ingest.RateBook(bytes.NewReader(data), filepath.Base(path))
	if err != nil {
		var rbe *ingest.RateBookError
		if errors.As(err, &rbe) && len(rbe.Problems) > 0 {
			// one line naming the file and the first cell, then every problem
			var b strings.Builder
			fmt.Fprintf(&b, "%s %s", rbe.File, rbe.Problems[0])
			if n := len(rbe.Problems); n > 1 {
				fmt.Fprintf(&b, " (%d problems in all; nothing was imported)", n)
			}
			for _, p := range rbe.Problems {
				fmt.Fprintf(&b, "\n  %s", p)
			}
			return &userError{b.String()}
		}
		return userErrorf("%s: %v", path, err)
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SaveRateBook(ctx, rb, filepath.Base(path))
	if err != nil {
		return fmt.Errorf("save rate book: %w", err)
	}
	fmt.Fprintf(env.Stdout, "rate book version %d imported from %s: %d services, %d warehouses, %d lanes, %d products, %d stock rows\n",
		v.ID, filepath.Base(path), len(rb.Services), len(rb.Warehouses), len(rb.Lanes), len(rb.Products), len(rb.Stock))
	return nil
}

func openDB(ctx context.Context, g globals) (*store.DB, error) {
	if dir := filepath.Dir(g.db); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, userErrorf("%s: %v", g.db, err)
		}
	}
	db, err := store.Open(ctx, g.db)
	if err != nil {
		return nil, userErrorf("database %s: %v", g.db, err)
	}
	return db, nil
}

// writeFileAtomic writes data to path through a temporary file in the same folder,
// so a crash never leaves half a workbook under the final name.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
