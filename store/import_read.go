package store

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"shipmode/logistics"
)

// importRow is an order ready to be written: the columns of the orders table.
type importRow struct {
	marketplace, ref, country, postal, currency string
	date, promised                              int64
	parcel                                      logistics.Parcel
	hasParcel                                   bool
	lines                                       string
	skuQty                                      []int64 // (skus.id, units) pairs, one per SKU of the lines
	units                                       int64
	needs                                       bool
	hash                                        int64
	status                                      logistics.Status // 0: not given
	tracking                                    string           // "": none
	// vals are the values of a new order for its insert statement (insertValues),
	// made by the reading goroutine to spare the writing one: the id (index 0) is
	// set by the writer. Not made when the writer binds them itself (im.raw).
	vals []any
	id   int64 // the new order's id: on the fresh path given by the reading goroutine
}

// rowShape is what a new order's insert has as literals rather than parameters,
// the same for many orders: its status and needs flag, and whether it has a
// tracking number and a parcel (without, the columns are left NULL). A generic
// file's orders are all of one or two shapes, and bind 11 parameters each
// instead of 14: binding was a third of the single writer's work with the
// driver's binding, and is still a part with rawInsert's.
type rowShape struct {
	parcel, tracking bool
	status           logistics.Status
	needs            bool
}

func (r *importRow) shape() rowShape {
	return rowShape{parcel: r.hasParcel, tracking: r.tracking != "", status: newStatus(r.status), needs: r.needs}
}

// importChunk is what the reading goroutine hands the writing one.
type importChunk struct {
	skus []skuRow // new SKUs, to be written before rows
	rows []importRow
	err  error
}

type skuRow struct {
	id  int64
	sku string
}

const chunkRows = 512

// blockRows: on the fresh path the reader hands orders over in blocks of this many,
// each nearly in key order (by the first 8 bytes of the reference, see keyPrefix),
// so that the orders table holds its keys in sorted runs. SQLite builds the key
// index from such runs in half the time a million keys in random order take (0.5 s
// instead of 1.05 s on the 2-core machine), while dates keep the file's order at the
// scale of a block (the date index takes 0.28 s instead of 0.24 s). A new order's id
// follows its place in its block; rows of one key keep their file order.
const blockRows = 8192

// read prepares rows (validation, hashing, SKU ids, the lines text) and sends them to
// out in chunks of at most chunkRows, a block at a time. On the fresh path, where
// the writer inserts every row in the order sent, it numbers them from nextID and
// notes their lines by SKU (orderLines.add), off the writer's goroutine.
func (im *importer) read(ctx context.Context, orders iter.Seq2[NewOrder, error], out chan<- importChunk, nextID int64) {
	send := func(c importChunk) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	size := chunkRows
	if im.fresh {
		size = blockRows
	}
	block := make([]importRow, 0, size)
	var skus []skuRow // new SKUs of the block, sent with its first chunk
	var order []keyPrefix
	flush := func() bool {
		if im.fresh {
			order = sortBlock(block, order)
		}
		for done := 0; done < len(block) || len(skus) > 0; {
			c := importChunk{skus: skus, rows: make([]importRow, 0, min(chunkRows, len(block)-done))}
			skus = nil
			for ; done < len(block) && len(c.rows) < chunkRows; done++ {
				i := done
				if im.fresh {
					i = int(order[done].i)
				}
				c.rows = append(c.rows, block[i])
			}
			packStrings(c.rows)
			for i := range c.rows {
				r := &c.rows[i]
				if !im.raw {
					r.vals = r.insertValues()
				}
				if im.fresh {
					r.id = nextID
					nextID++
					if err := im.lines.add(r.id, r); err != nil {
						send(importChunk{err: err})
						return false
					}
				}
			}
			if !send(c) {
				return false
			}
		}
		clear(block)
		block = block[:0]
		return true
	}
	var buf []byte
	var slab []int64 // the rows' skuQty pairs, allocated a few thousand at a time
	for n, err := range orders {
		o := &n.Order
		if err == nil && n.Cancel {
			im.cancels = append(im.cancels, orderKey{strings.Clone(o.Ref), strings.Clone(o.Marketplace)})
			continue
		}
		if err == nil {
			err = checkOrder(o, n.Status)
		}
		if err != nil {
			send(importChunk{err: err})
			return
		}
		r := importRow{marketplace: o.Marketplace, ref: o.Ref, country: o.Country, postal: o.PostalCode,
			currency: o.Currency, date: int64(o.Date), promised: int64(o.PromisedDays), hash: orderHash(o), status: n.Status,
			tracking: strings.Clone(n.Tracking)}
		if o.Parcel != nil {
			r.parcel, r.hasParcel = *o.Parcel, true
		}
		buf = buf[:0]
		if cap(slab)-len(slab) < 64 {
			slab = make([]int64, 0, 1<<14)
		}
		pairs := slab[len(slab):len(slab)] // (more than 32 SKUs: append moves them out)
		for i := range o.Lines {
			l := &o.Lines[i]
			id, ok := im.skuIDs[l.SKU]
			if !ok {
				id = im.nextSKUID
				im.nextSKUID++
				im.skuIDs[l.SKU] = id
				skus = append(skus, skuRow{id, l.SKU})
			}
			if !im.known[l.SKU] {
				r.needs = true
			}
			r.units += l.Qty
			buf = appendLine(buf, id, l.Qty, l.UnitPrice)
			pairs = addSKUQty(pairs, id, l.Qty)
		}
		r.skuQty = pairs[:len(pairs):len(pairs)]
		slab = slab[:min(len(slab)+len(pairs), cap(slab))]
		r.lines = string(buf)
		block = append(block, r)
		if len(block) == size && !flush() {
			return
		}
	}
	flush()
}

// sortBlock returns the places of block's rows in nearly key order, reusing order.
func sortBlock(block []importRow, order []keyPrefix) []keyPrefix {
	order = order[:0]
	for i := range block {
		order = append(order, keyPrefix{prefixOf(block[i].ref), int32(i)})
	}
	slices.SortFunc(order, func(a, b keyPrefix) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	return order
}

// keyPrefix is the place of a row in its block under the first 8 bytes of its
// reference, in string order: sorting by it puts a block in key order nearly (rows
// whose references share 8 bytes keep the file's order), and costs a fraction of
// sorting by whole strings.
type keyPrefix struct {
	prefix uint64
	i      int32
}

func prefixOf(ref string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(ref) {
			p |= uint64(ref[i])
		}
	}
	return p
}

// packStrings copies the reference, postal code and lines of rows into one string,
// in the rows' order, so that the writer reads them from consecutive memory rather
// than from wherever they were parsed (a block's rows leave its sort out of order).
func packStrings(rows []importRow) {
	n := 0
	for i := range rows {
		n += len(rows[i].ref) + len(rows[i].postal) + len(rows[i].lines)
	}
	var b strings.Builder
	b.Grow(n)
	for i := range rows {
		b.WriteString(rows[i].ref)
		b.WriteString(rows[i].postal)
		b.WriteString(rows[i].lines)
	}
	all := b.String()
	for i := range rows {
		r := &rows[i]
		r.ref, all = all[:len(r.ref)], all[len(r.ref):]
		r.postal, all = all[:len(r.postal)], all[len(r.postal):]
		r.lines, all = all[:len(r.lines)], all[len(r.lines):]
	}
}

func checkOrder(o *logistics.Order, s logistics.Status) error {
	if strings.TrimSpace(o.Ref) == "" {
		return fmt.Errorf("order in %q: %w: empty order reference", o.Marketplace, ErrInvalid)
	}
	if s > logistics.Cancelled {
		return fmt.Errorf("order %s: %w: status %d", o.Ref, ErrInvalid, s)
	}
	// A line without a SKU is kept: the order needs product data, it is not lost.
	return nil
}

// insertValues are the parameters of r's insert as a new order (see vals): the
// insertCols, then the tracking number and the parcel if r has them (rowShape).
func (r *importRow) insertValues() []any {
	v := make([]any, 0, insertParams+5)
	v = append(v, int64(0), r.marketplace, r.ref, r.date, r.country, r.postal, r.currency, r.promised, r.lines, r.units, r.hash)
	if r.tracking != "" {
		v = append(v, r.tracking)
	}
	if r.hasParcel {
		v = append(v, r.parcel.LengthMM, r.parcel.WidthMM, r.parcel.HeightMM, r.parcel.WeightG)
	}
	return v
}

// appendRawValues appends the values of r's insert as a new order of shape sh
// after its id, as insertValues gives them.
func (r *importRow) appendRawValues(v []rawValue, sh rowShape) []rawValue {
	v = append(v, textValue(r.marketplace), textValue(r.ref), intValue(r.date), textValue(r.country),
		textValue(r.postal), textValue(r.currency), intValue(r.promised), textValue(r.lines), intValue(r.units), intValue(r.hash))
	if sh.tracking {
		v = append(v, textValue(r.tracking))
	}
	if sh.parcel {
		v = append(v, intValue(r.parcel.LengthMM), intValue(r.parcel.WidthMM), intValue(r.parcel.HeightMM), intValue(r.parcel.WeightG))
	}
	return v
}

// values are the orderCols values of r but import_id, with status s.
func (r *importRow) values(id int64, s logistics.Status) []any {
	var pl, pw, ph, pg any
	if r.hasParcel {
		pl, pw, ph, pg = r.parcel.LengthMM, r.parcel.WidthMM, r.parcel.HeightMM, r.parcel.WeightG
	}
	needs := int64(0)
	if r.needs {
		needs = 1
	}
	return []any{id, r.marketplace, r.ref, r.date, r.country, r.postal, r.currency, r.promised,
		pl, pw, ph, pg, r.lines, r.units, int64(s), needs, r.hash, r.trackingValue()}
}

// trackingValue is the tracking column of r: NULL when the export gives none.
func (r *importRow) trackingValue() any {
	if r.tracking == "" {
		return nil
	}
	return r.tracking
}
