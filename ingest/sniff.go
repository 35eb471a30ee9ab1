package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
)

// isZip reports whether a file starts as a zip archive does (an .xlsx is one): a
// local file header, or the end record of an empty archive.
func isZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06"))
}

// oleSignature starts an OLE compound file: an Excel 97–2003 workbook (.xls), or the
// envelope of a password-protected .xlsx ([MS-OFFCRYPTO] 2.3.4.1).
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleError tells what an OLE compound file is, reading it to its end without
// keeping it: a password-protected workbook when its directory has a stream named
// EncryptionInfo, else an old .xls workbook.
func oleError(ctx context.Context, r io.Reader, name string) error {
	enc, err := oleEncrypted(ctx, r)
	switch {
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		return fmt.Errorf("read %s: %w", name, err)
	case enc:
		return fileError(name, nil, rsEncrypted)
	}
	return fileError(name, nil, rsOldXLS)
}

// oleEncrypted looks for the directory entry of a stream named EncryptionInfo. The
// directory of a compound file is made of 128-byte entries in sectors of 512 or
// 4096 bytes after the header sector ([MS-CFB] 2.6), so every entry starts at a
// multiple of 128 past the first sector: those are read as entries, without
// following the file's sector chains (a data sector that held the very bytes of
// such an entry at such an offset is not a case worth the chains).
func oleEncrypted(ctx context.Context, r io.Reader) (bool, error) {
	want := []byte{} // "EncryptionInfo" in UTF-16LE, then its NUL
	for _, u := range utf16.Encode([]rune("EncryptionInfo\x00")) {
		want = binary.LittleEndian.AppendUint16(want, u)
	}
	buf := make([]byte, 64<<10)
	if _, err := io.ReadFull(r, buf[:512]); err != nil {
		return false, nil // cut short: not a compound file that has one
	}
	if binary.LittleEndian.Uint16(buf[0x1E:]) == 12 { // 4096-byte sectors: the header takes one
		if _, err := io.ReadFull(r, buf[512:4096]); err != nil {
			return false, nil
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		n, err := io.ReadFull(r, buf)
		for off := 0; off+128 <= n; off += 128 {
			e := buf[off : off+128]
			if bytes.Equal(e[:len(want)], want) && int(binary.LittleEndian.Uint16(e[0x40:])) == len(want) && e[0x42] == 2 {
				return true, nil
			}
		}
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return false, nil
		case err != nil:
			return false, err
		}
	}
}

// looksUTF16 reports whether a sample without a byte-order mark is UTF-16 text:
// most of its characters are ASCII, so one byte of most pairs is zero — always the
// same one.
func looksUTF16(b []byte) bool {
	n := min(len(b), 4096) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return odd*2 >= pairs && even*10 <= odd || even*2 >= pairs && odd*10 <= even
}

// looksBinary reports whether a sample is not text: one byte in twenty or more is a
// control character that no text file holds (text has tabs, line breaks, and at
// most a stray other).
func looksBinary(b []byte) bool {
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			ctl++
		}
	}
	return ctl > 0 && ctl*20 >= len(b)
}
