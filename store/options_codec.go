package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"shipmode/logistics"
)

// Options blob, version 4: a version byte; the order's promise (uvarint); the
// override the choice was made under: its mode byte (0: none) and, when there is
// one, its option and reason as texts ids; the number of options; then per option:
// mode byte, feasible byte, id and reason as texts ids (0: empty), then for a
// feasible option transit days, chargeable g, the seven components, total and
// departure, for an infeasible one only its departure. Numbers are varints. Option
// ids and reasons repeat across orders (a zone, a batch, a missing stock), so they
// are kept once in the texts table; a reason as the text of its phrase key and
// values (appendSentence), so that it can be said in the reader's language. The
// explanation is not stored: it is logistics.Explain of the rest.
//
// Older versions are read too. Version 3 is version 4 with a reason's English text
// instead: it reads back as logistics.Verbatim, the same in every language.
// Version 2, without the promise and override, came with the explanation's English
// in the reason column.
const optionsVersion = 4

func encodeOptions(d *logistics.Decision, text func(string) int64, reason func(*logistics.Sentence) int64) []byte {
	opts := d.Options
	b := make([]byte, 0, 8+24*len(opts))
	b = append(b, optionsVersion)
	b = binary.AppendUvarint(b, uint64(max(d.Promise, 0)))
	if ov := d.Override; ov != nil {
		b = append(b, byte(ov.Mode))
		b = binary.AppendUvarint(b, uint64(text(ov.Option)))
		b = binary.AppendUvarint(b, uint64(text(ov.Reason)))
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(opts)))
	for i := range opts {
		o := &opts[i]
		feasible := byte(0)
		if o.Feasible {
			feasible = 1
		}
		b = append(b, byte(o.Mode), feasible)
		b = binary.AppendUvarint(b, uint64(text(o.ID)))
		b = binary.AppendUvarint(b, uint64(reason(o.Reason)))
		if !o.Feasible {
			b = binary.AppendVarint(b, int64(o.Departure)) // its numbers mean nothing
			continue
		}
		c := &o.Components
		for _, v := range [...]int64{int64(o.TransitDays), o.ChargeableG, c.Freight, c.Surcharges, c.Fuel, c.Fees,
			c.Storage, c.Headhaul, c.Duties, o.Total, int64(o.Departure)} {
			b = binary.AppendVarint(b, v)
		}
	}
	return b
}

// decodedOptions is an options blob read back. Texts come back as ids, to be
// filled in by resolve.
type decodedOptions struct {
	opts     []logistics.Option // IDs and Reasons empty
	ids      []int64            // texts ids, two per option: id, reason
	promise  int
	override *logistics.Override // Option and Reason empty
	ovIDs    [2]int64            // texts ids of the override's option and reason
	version  byte
}

var errOptionsBlob = errors.New("damaged options data")

// decodeOptions decodes an options blob of version 2, 3 or 4.
func decodeOptions(b []byte) (decodedOptions, error) {
	d, _, err := decodeOptionsOf(b, -1, nil)
	return d, err
}

// decodeOption decodes option i of an options blob: what reconciliation reads of
// a decision, its chosen option, without the others. The blob is read up to the
// end of option i, and checked that far (the options after it are not read: a
// blob decodeOptions reads gives the same option). ok is false when there is no
// option i.
func decodeOption(b []byte, i int) (o logistics.Option, ok bool, err error) {
	_, ok, err = decodeOptionsOf(b, i, &o)
	if err != nil || !ok {
		return logistics.Option{}, false, err
	}
	return o, true, nil
}

// decodeOptionsOf decodes an options blob; with want ≥ 0, the options are read
// into *one in turn up to option want, which is left there (found), and the rest
// of the blob is not read (d holds the header only).
func decodeOptionsOf(b []byte, want int, one *logistics.Option) (d decodedOptions, found bool, err error) {
	if len(b) == 0 || b[0] < 2 || b[0] > optionsVersion {
		return d, false, fmt.Errorf("%w: unknown version", errOptionsBlob)
	}
	d.version = b[0]
	v2 := d.version == 2
	b = b[1:]
	bad := false
	num := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	unum := func() int64 {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > 1<<62 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return int64(v)
	}
	if !v2 {
		d.promise = int(min(unum(), 1<<30))
		if len(b) == 0 {
			return d, false, fmt.Errorf("%w: no override byte", errOptionsBlob)
		}
		mode := logistics.Mode(b[0])
		b = b[1:]
		if mode != 0 {
			d.override = &logistics.Override{Mode: mode}
			d.ovIDs = [2]int64{unum(), unum()}
		}
	}
	n := unum()
	if bad || n > int64(len(b)) {
		return d, false, fmt.Errorf("%w: %d options", errOptionsBlob, n)
	}
	var opts []logistics.Option
	var ids []int64
	if want < 0 {
		opts, ids = make([]logistics.Option, n), make([]int64, 0, 2*n)
	}
	for i := range int(n) {
		if len(b) < 2 {
			return d, false, fmt.Errorf("%w: option %d cut short", errOptionsBlob, i)
		}
		o := one
		if want < 0 {
			o = &opts[i]
		} else {
			*o = logistics.Option{}
		}
		o.Mode, o.Feasible = logistics.Mode(b[0]), b[1] == 1
		b = b[2:]
		if want < 0 {
			ids = append(ids, unum(), unum())
		} else {
			unum()
			unum()
		}
		if !o.Feasible && !v2 {
			o.Departure = logistics.Date(num())
			if bad {
				return d, false, fmt.Errorf("%w: option %d", errOptionsBlob, i)
			}
			if i == want {
				return d, true, nil
			}
			continue
		}
		o.TransitDays = int(num())
		o.ChargeableG = num()
		c := &o.Components
		c.Freight, c.Surcharges, c.Fuel, c.Fees = num(), num(), num(), num()
		c.Storage, c.Headhaul, c.Duties = num(), num(), num()
		o.Total = num()
		o.Departure = logistics.Date(num())
		if bad {
			return d, false, fmt.Errorf("%w: option %d", errOptionsBlob, i)
		}
		if i == want {
			return d, true, nil
		}
	}
	if len(b) != 0 {
		return d, false, fmt.Errorf("%w: %d bytes left over", errOptionsBlob, len(b))
	}
	d.opts, d.ids = opts, ids
	return d, false, nil
}

// resolve fills in the texts of d from tb.
func (d *decodedOptions) resolve(tb *textBook) error {
	set := func(dst *string, id int64) error {
		if id == 0 {
			return nil
		}
		s, err := tb.text(id)
		*dst = s
		return err
	}
	for i := range d.opts {
		o := &d.opts[i]
		if err := set(&o.ID, d.ids[2*i]); err != nil {
			return err
		}
		id := d.ids[2*i+1]
		if id == 0 {
			continue
		}
		var err error
		if d.version < 4 {
			var english string
			english, err = tb.text(id)
			o.Reason = logistics.Verbatim(english)
		} else {
			o.Reason, err = tb.reason(id)
		}
		if err != nil {
			return err
		}
	}
	if ov := d.override; ov != nil {
		if err := set(&ov.Option, d.ovIDs[0]); err != nil {
			return err
		}
		return set(&ov.Reason, d.ovIDs[1])
	}
	return nil
}

// explanation is the decision's Reason: the stored text of a version 2 blob, else
// rebuilt from the options, the promise and the override (resolved first).
func (d *decodedOptions) explanation(stored, currency string) string {
	if d.version == 2 || stored != "" {
		return stored
	}
	x := logistics.Explain(d.opts, d.promise, d.override)
	return string(x.AppendText(nil, d.opts, currency))
}

// resolveTexts fills in the texts of d from the texts table.
func resolveTexts(ctx context.Context, tx *sql.Tx, d *decodedOptions) error {
	texts, err := textsByID(ctx, tx, append(d.ids, d.ovIDs[:]...))
	if err != nil {
		return err
	}
	return d.resolve(newTextBook(texts))
}
