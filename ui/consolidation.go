package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
)

// departure is one upcoming consolidation batch, priced by logistics.
type departure = ops.Departure

// departures lists the upcoming consolidation batches.
type departures interface {
	Departures(ctx context.Context, from logistics.Date) ([]departure, error)
}

var departureColumns = []struct {
	key   string
	width float32
}{
	{"cons.lane", 140}, {"col.country", 70}, {"cons.departure", 105}, {"cons.parcels", 75},
	{"cons.batchKg", 95}, {"cons.tier", 175}, {"cons.charge", 125}, {"cons.perParcel", 95},
	{"cons.missing", 215}, {"cons.saving", 125},
}

// consolidationScreen is the consolidation planner.
type consolidationScreen struct {
	e   *env
	src departures

	rows    []departure
	loading *task
	table   *widget.Table
	status  *widget.Label
	detail  *widget.Label // the selected departure in full
}

func newConsolidationScreen(e *env, src departures) *consolidationScreen {
	return &consolidationScreen{e: e, src: src}
}

func (s *consolidationScreen) content() fyne.CanvasObject {
	e := s.e
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.table = widget.NewTableWithHeaders(func() (int, int) { return len(s.rows), len(departureColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.cellText(id.Row, id.Col))
		})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(departureColumns) {
			o.(*widget.Label).SetText(e.T(departureColumns[id.Col].key))
		}
	}
	for i, c := range departureColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.detail.Hide()
	s.table.OnSelected = func(id widget.TableCellID) {
		s.detail.SetText(s.rowInFull(id.Row))
		s.detail.Show()
	}
	refresh := widget.NewButtonWithIcon(e.T("action.refresh"), theme.ViewRefreshIcon(), s.load)
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle(e.T("cons.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), refresh),
		widget.NewLabel(e.T("cons.help")),
		s.status)
	s.load()
	return container.NewBorder(top, s.detail, nil, nil, s.table)
}

// fit sizes the columns to their headers and cells.
func (s *consolidationScreen) fit() {
	headers := make([]string, len(departureColumns))
	least := make([]float32, len(departureColumns))
	for i, c := range departureColumns {
		headers[i], least[i] = s.e.T(c.key), c.width
	}
	fitColumns(s.table, headers, len(s.rows), s.cellText, least, 320)
}

// rowInFull is departure row i, each column's header with its value.
func (s *consolidationScreen) rowInFull(i int) string {
	var parts []string
	for c, col := range departureColumns {
		if v := s.cellText(i, c); v != "" {
			parts = append(parts, s.e.T(col.key)+": "+v)
		}
	}
	return strings.Join(parts, " · ")
}

func (s *consolidationScreen) cellText(row, col int) string {
	if row < 0 || row >= len(s.rows) {
		return ""
	}
	d := &s.rows[row]
	e := s.e
	switch departureColumns[col].key {
	case "cons.lane":
		return d.Lane
	case "col.country":
		return d.Destination
	case "cons.departure":
		return d.Date.String()
	case "cons.parcels":
		return strconv.Itoa(d.Parcels)
	case "cons.batchKg":
		return kg(d.ChargeableG)
	case "cons.tier":
		return e.Tf("cons.tierText", d.Tier.FromKg.String(), d.Tier.PerKg.String(), d.Currency)
	case "cons.charge":
		return money(d.Charge, d.Currency)
	case "cons.perParcel":
		return money(d.PerParcel, d.Currency)
	case "cons.missing":
		if !d.HasNext {
			return e.T("cons.topTier")
		}
		return e.Tf("cons.kgMissing", kg(d.MissingG), d.Next.FromKg.String())
	case "cons.saving":
		if !d.HasNext {
			return ""
		}
		return money(d.Saving, d.Currency)
	}
	return ""
}

// load reads the departures from today on.
func (s *consolidationScreen) load() {
	e := s.e
	from := e.today()
	var ds []departure
	s.status.SetText(e.T("cons.loading"))
	e.latest(&s.loading, func(ctx context.Context) error {
		var err error
		ds, err = s.src.Departures(ctx, from)
		return err
	}, func(err error) {
		if err != nil {
			s.status.SetText(e.explain(err))
			return
		}
		s.rows = ds
		if len(ds) == 0 {
			s.status.SetText(e.T("cons.none"))
		} else {
			s.status.SetText(e.Tf("cons.count", len(ds)))
		}
		s.fit()
		s.detail.Hide()
		s.table.UnselectAll()
		s.table.Refresh()
	})
}

func (s *consolidationScreen) stop() { s.loading.Cancel() }
