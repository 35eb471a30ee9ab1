package cli

import (
	"encoding/json"
	"io"

	"shipmode/logistics"
)

// jsonArray streams objects as an indented JSON array: decisions (SPEC §7 plan
// --json), reconciled orders (SPEC §11 reconcile --json).
type jsonArray struct {
	w   io.Writer
	n   int
	err error
}

func (a *jsonArray) add(d *logistics.Decision) error { return a.addValue(toJSON(d)) }

// addValue appends v, marshalled, to the array.
func (a *jsonArray) addValue(v any) error {
	if a.err != nil {
		return a.err
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
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
