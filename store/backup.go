package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
)

// Backup writes a consistent copy of the database to path (VACUUM INTO) while the app
// goes on using it; an existing file at path is replaced only once the copy is
// complete.
//
// A PostgreSQL database is backed up to the same kind of file: a SQLite
// database that any Shipmode opens or restores.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.pg {
		return db.backupPG(ctx, path)
	}
	if same, err := sameFile(path, db.path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	} else if same {
		return fmt.Errorf("back up to %s: %w: that is the database itself", path, ErrInvalid)
	}
	f, err := os.CreateTemp(filepath.Dir(path), BackupTempPattern())
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO wants a new file
	defer os.Remove(tmp)
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("back up to %s: %w", path, mapCtxErr(ctx, err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// CheckBackup checks that the file at path is a Shipmode database this version can
// open (its schema is not newer) and is not damaged, without changing it.
func CheckBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	sdb, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("check %s: %w", path, mapErr(err))
	}
	defer sdb.Close()
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, mapCtxErr(ctx, err))
	}
	defer conn.Close()
	version, err := checkShipmode(ctx, conn, SchemaVersion())
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if version == 0 {
		return fmt.Errorf("check %s: %w: it is empty", path, ErrNotShipmode)
	}
	var result string
	if err := conn.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		return fmt.Errorf("check %s: %w", path, mapCtxErr(ctx, err))
	}
	if result != "ok" {
		return fmt.Errorf("check %s: %w: %s", path, ErrCorrupt, result)
	}
	return nil
}

// Restore replaces the whole content of the database with the backup at path, while
// the app keeps the database open. It first checks the backup with CheckBackup, and
// saves the current content next to the database file (path of the database +
// ".before-restore-<time>.bak") so that a wrong restore can be undone. A backup from
// an older version is migrated. Readers see the restored content from their next
// transaction on.
func (db *DB) Restore(ctx context.Context, path string) error {
	if IsURL(path) {
		return fmt.Errorf("restore %s: %w: a backup is a file (to copy a database server's data, use migrate)", Redact(path), ErrInvalid)
	}
	if err := CheckBackup(ctx, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if db.pg {
		return db.restorePG(ctx, path)
	}
	if same, err := sameFile(path, db.path); err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	} else if same {
		return fmt.Errorf("restore %s: %w: that is the database itself", path, ErrInvalid)
	}
	safety := fmt.Sprintf("%s.before-restore-%s.bak", db.path, time.Now().UTC().Format("20060102T150405.000"))
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", safety); err != nil {
		return fmt.Errorf("restore %s: save the current database to %s: %w", path, safety, mapCtxErr(ctx, err))
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, mapCtxErr(ctx, err))
	}
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("driver connection %T cannot restore", dc)
		}
		b, err := r.NewRestore(path + "?_pragma=query_only(1)")
		if err != nil {
			return err
		}
		// All pages in one step: the destination is written in one transaction.
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	conn.Close()
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, mapCtxErr(ctx, err))
	}
	if err := db.migrate(ctx); err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	return nil
}

// BackupTempPattern is the name pattern (os.CreateTemp, filepath.Glob) of the
// temporary file Backup copies to before renaming it: hidden, and naming the
// process, so that what a killed backup left can be told from a running one's.
func BackupTempPattern() string { return fmt.Sprintf(".shipmode-backup-%d-*", os.Getpid()) }

// backupPG writes the PostgreSQL database db to a new SQLite file at path
// (replaced only once the copy is complete and verified).
func (db *DB) backupPG(ctx context.Context, path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), BackupTempPattern())
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // a new database
	defer os.Remove(tmp)
	file, err := Open(ctx, tmp)
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	_, err = Copy(ctx, db, file, nil)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}

// restorePG replaces every row of the PostgreSQL database db with the backup
// file's, in one transaction, after saving the current rows to a file beside the
// backup (path's folder, "shipmode-before-restore-<time>.shipmode").
func (db *DB) restorePG(ctx context.Context, path string) error {
	safety := filepath.Join(filepath.Dir(path), "shipmode-before-restore-"+time.Now().UTC().Format("20060102T150405.000")+".shipmode")
	if err := db.backupPG(ctx, safety); err != nil {
		return fmt.Errorf("restore %s: save the current database to %s: %w", path, safety, err)
	}
	file, err := Open(ctx, path) // (migrated to this version's schema, as a restored file is)
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	defer file.Close()
	if _, err := copyInto(ctx, file, db, true, nil); err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	return nil
}
