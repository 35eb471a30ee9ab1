package cli

import (
	"encoding/json"
	"io"

	"shipmode/logistics"
)

// jsonArray streams decisions as an indented JSON array (SPEC §7 plan --json).
type jsonArray struct {
	w   io.Writer
	n   int
	err error
}

func (a *jsonArray) add(d *logistics.Decision) error {
	if a.err != nil {
		return a.err
	}
	b, err := json.MarshalIndent(toJSON(d), "  ", "  ")
	if err != nil {
		a.err = err
		return err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		a.err = err
		return err
	}
	_, a.err = a.w.Write(b)
	return a.err
}

func (a *jsonArray) close() error {
	if a.err != nil {
		return a.err
	}
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}
