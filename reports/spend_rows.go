package reports

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"shipmode/logistics"
)

// The register's rows. A million orders of 45 columns are most of the workbook's
// writing time, so their cells are encoded here straight into the sheet's XML,
// into a scratch file that the zip writer splices into the Orders sheet after its
// header row (the sheet itself — columns, panes, header, table — is excelize's).
// The XML is what excelize's stream writer writes for the same values: inline
// strings escaped the same way, numbers in their shortest decimal form.

// spendCellSink receives an order's cells in column order; an empty text is no
// cell. A number is the decimal v × 10^−digits (money in minor units, grams as kg,
// a rate-book decimal in nano-units): written as its shortest decimal text, which
// is what a cell shows for a double of at most 15 significant digits.
type spendCellSink interface {
	text(col int, s string)
	dec(col int, v int64, digits int)
	date(col int, d logistics.Date)
}

// orderCells gives sink the register's cells of r, in column order.
func (sw *spendWorkbook) orderCells(r *SpendRow, c spendCellSink) {
	assigned := r.Mode != 0
	d := sw.digits
	money := func(col int, v Cost) {
		if v.Valid {
			c.dec(col, v.Minor, d)
		}
	}
	var b spendRowBaselines
	if assigned {
		b = spendBaselines(r)
	}
	c.date(ocDate, r.Date)
	c.text(ocMarketplace, r.Marketplace)
	c.text(ocRef, r.Ref)
	c.text(ocCountry, r.Country)
	c.text(ocMode, spendModeName(r.Mode))
	if assigned {
		c.text(ocOption, r.Option)
		c.dec(ocKg, r.ChargeableG, 3)
		c.dec(ocTotal, r.Components.Total(), d)
		money(ocBaseline, b.direct)
		money(ocSavings, b.savings)
	}
	if r.SLARisk {
		c.text(ocSLA, "yes")
	}
	c.text(ocReason, r.Reason)
	if r.Status != 0 {
		c.text(ocStatus, r.Status.String())
	}
	c.dec(ocUnits, r.Units, 0)
	if assigned {
		for i, v := range spendComponents(r.Components) {
			c.dec(ocFreight+i, v, d)
		}
	}
	for i := range logistics.Modes {
		money(ocWarehouse+i, r.ModeTotals[i])
	}
	if assigned {
		money(ocBest, b.best)
	}
	c.text(ocOverride, r.OverrideReason)
	money(ocInvoiced, r.Invoiced)
	money(ocVariance, r.invoiceVariance())
	if r.RunID != 0 {
		c.dec(ocRun, r.RunID, 0)
	}
	if r.RateBookVersion != 0 {
		c.dec(ocRateBook, r.RateBookVersion, 0)
	}
	c.text(ocPostal, r.PostalCode)
	c.text(ocOrderCurrency, r.OrderCurrency)
	if r.GoodsValueOK {
		c.dec(ocGoodsValue, int64(r.GoodsValue), 9)
	}
	if !assigned {
		return
	}
	c.text(ocCarrier, r.Carrier)
	c.text(ocService, r.Service)
	c.text(ocZone, r.Zone)
	c.dec(ocTransit, int64(r.TransitDays), 0)
	if r.PromiseDays > 0 {
		c.dec(ocPromise, int64(r.PromiseDays), 0)
	}
	c.text(ocServiceCurrency, r.ServiceCurrency)
	if r.FXRate != 0 {
		c.dec(ocFXRate, int64(r.FXRate), 9)
	}
	if bt := r.Batch; bt.Parcels > 0 {
		c.date(ocDeparture, bt.Departure)
		c.dec(ocBatchKg, int64(bt.Kg), 9)
		c.dec(ocBatchParcels, bt.Parcels, 0)
		c.dec(ocTierFrom, int64(bt.TierFromKg), 9)
	}
	if p := &r.Pricing; p.Known {
		pricingCells(p, c)
	}
}

// pricingCells gives sink the cells of an order's pricing, in column order.
func pricingCells(p *SpendPricing, c spendCellSink) {
	amount := func(col int, a SpendAmount) {
		if a.Valid {
			c.dec(col, a.Minor, a.Digits)
		}
	}
	rate := func(col int, r logistics.Dec) {
		if r != 0 {
			c.dec(col, int64(r), 9)
		}
	}
	c.dec(ocActualG, p.ActualG, 0)
	if p.HasVolumetric {
		c.dec(ocVolumetricG, p.VolumetricG, 0)
	}
	c.dec(ocServiceG, p.ServiceG, 0)
	amount(ocFreightRC, p.Freight)
	amount(ocRemoteRC, p.Remote)
	amount(ocOversizeRC, p.Oversize)
	amount(ocPeakRC, p.Peak)
	amount(ocFuelRC, p.Fuel)
	c.text(ocOwnCurrency, p.OwnCurrency)
	rate(ocOwnFX, p.OwnFX)
	amount(ocFeesRC, p.Fees)
	amount(ocColdChainRC, p.ColdChain)
	amount(ocStorageRC, p.Storage)
	amount(ocHeadhaulRC, p.Headhaul)
	amount(ocLineHaulRC, p.LineHaul)
	c.text(ocDutyCurrency, p.DutyCurrency)
	rate(ocDutyFX, p.DutyFX)
	amount(ocDutyRC, p.Duty)
	amount(ocClearanceRC, p.Clearance)
	if p.UnitCostCurrency != "" {
		c.dec(ocUnitCost, int64(p.UnitCost), 9)
		c.text(ocUnitCostCurrency, p.UnitCostCurrency)
	}
	rate(ocOrderFX, p.OrderFX)
}

// spendRowWriter writes the register's rows as sheet XML, deflated, to a scratch
// file: the rows gather into blocks that compressors on every core deflate while
// the next rows are encoded, each block ending on a byte boundary (a sync flush),
// so that the zip writer can put the blocks, in order, between the sheet's head and
// tail as one deflate stream (spliceRegister), with the CRC and length it keeps.
type spendRowWriter struct {
	file  *os.File
	buf   []byte // the row being written
	block []byte // rows not yet handed to a compressor
	row   []byte // the row's number's digits
	// Per column: `<c r="AB` and `" s="40"`: the cell's start before and after
	// the row number.
	open, style [ocCount + 1][]byte

	crc       uint32 // CRC-32 of the XML written so far
	raw, comp int64  // bytes of XML, and of their deflated blocks in file

	jobs   chan spendBlock
	order  chan chan spendDeflated // each block's result, in order
	done   chan error              // the file writer's end
	free   chan []byte             // blocks to reuse
	closed bool
}

// spendBlockSize is how many bytes of XML a compressor deflates at once.
const spendBlockSize = 1 << 20

type spendBlock struct {
	raw []byte
	out chan spendDeflated
}

type spendDeflated struct {
	comp, raw []byte
	err       error
}

func newSpendRowWriter(dir string, styles []int) (*spendRowWriter, error) {
	f, err := os.CreateTemp(dir, "shipmode-orders-*.deflate")
	if err != nil {
		return nil, err
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	rw := &spendRowWriter{file: f, buf: make([]byte, 0, 4096), block: make([]byte, 0, spendBlockSize+8192),
		jobs: make(chan spendBlock), order: make(chan chan spendDeflated, 2*workers+2), done: make(chan error, 1),
		free: make(chan []byte, 2*workers+4)}
	for col := 1; col <= ocCount; col++ {
		rw.open[col] = []byte(`<c r="` + spendColName(col))
		rw.style[col] = []byte(`" s="` + strconv.Itoa(styles[col-1]) + `"`)
	}
	for range workers {
		go rw.compress()
	}
	go rw.store()
	return rw, nil
}

// compress deflates blocks until there are no more.
func (rw *spendRowWriter) compress() {
	var out bytes.Buffer
	fw, _ := flate.NewWriter(&out, spendZipLevel)
	for b := range rw.jobs {
		out.Reset()
		fw.Reset(&out)
		_, err := fw.Write(b.raw)
		if err == nil {
			err = fw.Flush() // a sync flush: the block ends on a byte boundary, not final
		}
		b.out <- spendDeflated{comp: bytes.Clone(out.Bytes()), raw: b.raw, err: err}
	}
}

// store writes the deflated blocks to the scratch file in order.
func (rw *spendRowWriter) store() {
	var err error
	for out := range rw.order {
		d := <-out
		if err == nil {
			err = d.err
		}
		if err == nil {
			var n int
			n, err = rw.file.Write(d.comp)
			rw.comp += int64(n)
		}
		select {
		case rw.free <- d.raw[:0]:
		default:
		}
	}
	rw.done <- err
}

// hand gives the block to a compressor.
func (rw *spendRowWriter) hand() {
	if len(rw.block) == 0 {
		return
	}
	rw.crc = crc32.Update(rw.crc, crc32.IEEETable, rw.block)
	rw.raw += int64(len(rw.block))
	out := make(chan spendDeflated, 1)
	rw.order <- out
	rw.jobs <- spendBlock{raw: rw.block, out: out}
	select {
	case rw.block = <-rw.free:
	default:
		rw.block = make([]byte, 0, spendBlockSize+8192)
	}
}

// startRow starts row n, of height h points (0: the default).
func (rw *spendRowWriter) startRow(n int, h float64) {
	rw.row = strconv.AppendInt(rw.row[:0], int64(n), 10)
	rw.buf = append(rw.buf[:0], `<row r="`...)
	rw.buf = append(rw.buf, rw.row...)
	if h > 0 {
		rw.buf = append(rw.buf, `" ht="`...)
		rw.buf = strconv.AppendFloat(rw.buf, h, 'f', -1, 64)
		rw.buf = append(rw.buf, `" customHeight="1`...)
	}
	rw.buf = append(rw.buf, `">`...)
}

// endRow ends the row and writes it.
func (rw *spendRowWriter) endRow() {
	rw.buf = append(rw.buf, `</row>`...)
	rw.block = append(rw.block, rw.buf...)
	if len(rw.block) >= spendBlockSize {
		rw.hand()
	}
}

func (rw *spendRowWriter) cell(col int) {
	rw.buf = append(rw.buf, rw.open[col]...)
	rw.buf = append(rw.buf, rw.row...)
	rw.buf = append(rw.buf, rw.style[col]...)
}

func (rw *spendRowWriter) text(col int, s string) {
	if s == "" {
		return
	}
	rw.cell(col)
	rw.buf = append(rw.buf, ` t="inlineStr"><is><t`...)
	if b, e := s[0], s[len(s)-1]; b == ' ' || b == '\t' || b == '\n' || b == '\r' || e == ' ' || e == '\t' || e == '\n' || e == '\r' {
		rw.buf = append(rw.buf, ` xml:space="preserve"`...)
	}
	rw.buf = append(rw.buf, '>')
	rw.buf = appendCellText(rw.buf, s)
	rw.buf = append(rw.buf, `</t></is></c>`...)
}

func (rw *spendRowWriter) dec(col int, v int64, digits int) {
	rw.cell(col)
	rw.buf = append(rw.buf, `><v>`...)
	rw.buf = appendDecimal(rw.buf, v, digits)
	rw.buf = append(rw.buf, `</v></c>`...)
}

func (rw *spendRowWriter) date(col int, d logistics.Date) { rw.dec(col, spendSerial(d), 0) }

// appendDecimal appends v × 10^−digits as its shortest decimal: "12.3" for 1230
// and 2, "-0.05" for −5 and 2, "12" for 12000 and 3.
func appendDecimal(b []byte, v int64, digits int) []byte {
	if digits == 0 {
		return strconv.AppendInt(b, v, 10)
	}
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	scale := uint64(1)
	for range digits {
		scale *= 10
	}
	b = strconv.AppendUint(b, u/scale, 10)
	frac := u % scale
	if frac == 0 {
		return b
	}
	var tmp [20]byte
	fs := strconv.AppendUint(tmp[:0], frac+scale, 10)[1:] // zero-padded to digits
	for fs[len(fs)-1] == '0' {
		fs = fs[:len(fs)-1]
	}
	return append(append(b, '.'), fs...)
}

// finish deflates the last rows and waits until every block is in the scratch
// file.
func (rw *spendRowWriter) finish() error {
	if rw.closed {
		return nil
	}
	rw.hand()
	rw.closed = true
	close(rw.jobs)
	close(rw.order)
	if err := <-rw.done; err != nil {
		return fmt.Errorf("orders scratch file: %w", err)
	}
	return nil
}

// remove stops the compressors and deletes the scratch file.
func (rw *spendRowWriter) remove() {
	if !rw.closed {
		rw.closed = true
		close(rw.jobs)
		close(rw.order)
		<-rw.done
	}
	rw.file.Close()
	os.Remove(rw.file.Name())
}

// spendMaxCellUnits is the most UTF-16 units a cell holds; longer text is cut, as
// excelize cuts it.
const spendMaxCellUnits = 32767

// appendCellText appends s as a cell's text: escaped for XML as encoding/xml
// escapes it (a character XML cannot hold becomes U+FFFD; a line break stays), and
// a literal "_xHHHH_" escaped as "_x005F_xHHHH_" so that no reader decodes it as
// a character.
func appendCellText(b []byte, s string) []byte {
	if len(s) > spendMaxCellUnits/2 {
		s = spendCutUTF16(s, spendMaxCellUnits)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '"':
				b = append(b, "&#34;"...)
			case c == '\'':
				b = append(b, "&#39;"...)
			case c == '\t':
				b = append(b, "&#x9;"...)
			case c == '\r':
				b = append(b, "&#xD;"...)
			case c == '\n':
				b = append(b, '\n')
			case c < 0x20:
				b = append(b, "\uFFFD"...)
			case c == '_' && spendIsBstr(s[i:]):
				b = append(b, "_x005F_"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !spendXMLChar(r) {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// spendIsBstr says whether s starts with "_xHHHH_" (H a hexadecimal digit).
func spendIsBstr(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range s[2:6] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// spendXMLChar says whether XML 1.0 can hold the character r.
func spendXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// spendCutUTF16 cuts s to at most n UTF-16 units.
func spendCutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return strings.Clone(s)
}

// spendPipe hands the register's rows to an encoder goroutine in batches, so
// that reading and tallying the rows and encoding them run on two cores.
type spendPipe struct {
	batches chan []SpendRow
	free    chan []SpendRow
	done    chan error
	cur     []SpendRow
	closed  bool
}

// spendPipeBatch is how many rows go to the encoder at once.
const spendPipeBatch = 512

// newSpendPipe starts the encoder: encode is called with each batch, in order.
func newSpendPipe(encode func(rows []SpendRow) error) *spendPipe {
	p := &spendPipe{batches: make(chan []SpendRow, 4), free: make(chan []SpendRow, 6), done: make(chan error, 1),
		cur: make([]SpendRow, 0, spendPipeBatch)}
	go func() {
		var err error
		for b := range p.batches {
			if err == nil {
				err = encode(b)
			}
			select {
			case p.free <- b[:0]:
			default:
			}
		}
		p.done <- err
	}()
	return p
}

// add queues r; a full batch goes to the encoder.
func (p *spendPipe) add(r *SpendRow) {
	p.cur = append(p.cur, *r)
	if len(p.cur) == spendPipeBatch {
		p.batches <- p.cur
		select {
		case p.cur = <-p.free:
		default:
			p.cur = make([]SpendRow, 0, spendPipeBatch)
		}
	}
}

// close hands over the last rows and waits until every row is encoded: the
// encoder's first error.
func (p *spendPipe) close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	if len(p.cur) > 0 {
		p.batches <- p.cur
	}
	close(p.batches)
	return <-p.done
}
