package store

import (
	"context"
	"database/sql"
	"fmt"

	"shipmode/logistics"
)

func (im *importer) writeChunks(ctx context.Context, chunks <-chan importChunk) error {
	for c := range chunks {
		for _, s := range c.skus {
			if _, err := im.insSKU.ExecContext(ctx, s.id, s.sku); err != nil {
				return fmt.Errorf("add SKU %s: %w", s.sku, err)
			}
		}
		if err := im.write(ctx, c.rows); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// newStatus is the status of a new order given s.
func newStatus(s logistics.Status) logistics.Status { return logistics.StatusAfterImport(0, s) }

// nextStatus is the status of a stored order with status old imported with s.
func nextStatus(old, s logistics.Status) logistics.Status { return logistics.StatusAfterImport(old, s) }

// orderKey is the key of an order.
type orderKey struct{ ref, marketplace string }

// stored is what the update path needs of a stored order.
type stored struct {
	id, hash int64
	status   logistics.Status
	tracking string
}

// write writes a chunk of rows: on the fresh path all inserts; on the update path
// with one lookup of the chunk's keys.
func (im *importer) write(ctx context.Context, rows []importRow) error {
	if im.fresh {
		for i := range rows {
			if err := im.insert(ctx, &rows[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		return nil
	}
	// Orders inserted from earlier chunks must be visible to the lookup.
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	found, err := im.lookup(ctx, rows)
	if err != nil {
		return err
	}
	if err := im.sums.touchFound(ctx, im.tx, found); err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		k := orderKey{r.ref, r.marketplace}
		old, ok := found[k]
		if !ok {
			found[k] = stored{im.nextID, r.hash, newStatus(r.status), r.tracking}
			if err := im.insert(ctx, r); err != nil {
				return err
			}
			continue
		}
		status := nextStatus(old.status, r.status)
		tracking := old.tracking
		if r.tracking != "" {
			tracking = r.tracking
		}
		if old.hash == r.hash && status == old.status && tracking == old.tracking {
			im.res.Unchanged++
			continue
		}
		found[k] = stored{old.id, r.hash, status, tracking}
		if err := im.update(ctx, r, old, status); err != nil {
			return fmt.Errorf("order %s %s: %w", r.marketplace, r.ref, err)
		}
	}
	return nil
}

// lookup returns the stored orders of the keys of rows.
func (im *importer) lookup(ctx context.Context, rows []importRow) (map[orderKey]stored, error) {
	args := make([]any, 0, 2*len(rows))
	for i := range rows {
		args = append(args, rows[i].ref, rows[i].marketplace)
	}
	var q *sql.Rows
	var err error
	if len(rows) == chunkRows {
		q, err = im.find.QueryContext(ctx, args...)
	} else {
		q, err = im.tx.QueryContext(ctx, findSQL(len(rows)), args...)
	}
	if err != nil {
		return nil, err
	}
	defer q.Close()
	found := make(map[orderKey]stored, len(rows))
	for q.Next() {
		var k orderKey
		var s stored
		if err := q.Scan(&s.id, &k.ref, &k.marketplace, &s.hash, &s.status, &s.tracking); err != nil {
			return nil, err
		}
		found[k] = s
	}
	return found, q.Err()
}

// insert queues a new order. On the fresh path the reading goroutine numbered it
// and noted its lines by SKU (read); otherwise it takes the next id here.
func (im *importer) insert(ctx context.Context, r *importRow) error {
	id := im.nextID
	if im.fresh {
		id = r.id
	}
	im.nextID = id + 1
	im.res.Inserted++
	im.wrote = true
	r.id = id
	b, err := im.inserter(ctx, r.shape())
	if err != nil {
		return err
	}
	if b.add(r) {
		if err := b.execFull(ctx, im); err != nil {
			return err
		}
	}
	if im.fresh {
		return nil
	}
	return im.lines.add(id, r)
}

// update replaces a stored order's content and status.
func (im *importer) update(ctx context.Context, r *importRow, old stored, status logistics.Status) error {
	// It may be one queued by this chunk.
	if err := im.flushOrders(ctx); err != nil {
		return err
	}
	if old.hash != r.hash {
		if err := im.lines.replace(ctx, old.id, r); err != nil {
			return err
		}
	}
	v := r.values(old.id, status)
	change, err := im.changeNo(ctx)
	if err != nil {
		return err
	}
	if _, err := im.updOrder.ExecContext(ctx, append(v[3:], im.importID, change, old.id)...); err != nil {
		return err
	}
	if !logistics.KeepsDecision(old.status, status, old.hash != r.hash) {
		if _, err := im.delDecision.ExecContext(ctx, old.id); err != nil {
			return err
		}
	}
	im.res.Updated++
	im.wrote = true
	return nil
}

// changeNo is the row version this import stamps the orders it changes with,
// taken at the first change.
func (im *importer) changeNo(ctx context.Context) (int64, error) {
	if im.change == 0 {
		var err error
		if im.change, err = nextChange(ctx, im.tx); err != nil {
			return 0, err
		}
	}
	return im.change, nil
}
