package ui

import (
	"errors"
	"os"
	"slices"
	"strings"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// explain turns an error into a sentence a seller understands, in the current
// language. Known kinds get their own sentence; anything else keeps the technical
// text after a plain introduction, so nothing is hidden.
func (e *env) explain(err error) string {
	var colErr *ingest.ColumnError
	var optErr *ingest.OptionError
	var rbErr *ingest.RateBookError
	var fileErr *ingest.FileError
	var ovErr *ops.OverrideError
	var internal *internalError
	var stale *store.StaleError
	var locked *store.PlanLockedError
	switch {
	case errors.As(err, &internal):
		if internal.report == "" {
			return e.Tf("err.internal", internal.value)
		}
		return e.Tf("err.internal", internal.value) + "\n" + e.Tf("err.internalReport", internal.report)
	case errors.Is(err, store.ErrBusy):
		return e.T("err.busy")
	case errors.As(err, &locked):
		return e.Tf("err.planLocked", locked.By, locked.Since.Local().Format("2006-01-02 15:04"))
	case errors.As(err, &stale):
		return e.Tf("err.stale", stale.Ref)
	case errors.Is(err, store.ErrUnreachable):
		return e.T("err.unreachable") + "\n" + serverDetail(err)
	case errors.Is(err, store.ErrDenied):
		return e.T("err.denied") + "\n" + serverDetail(err)
	case errors.Is(err, store.ErrNotShipmode):
		return e.T("err.notShipmode")
	case errors.Is(err, store.ErrNewerSchema):
		return e.T("err.newer")
	case errors.Is(err, store.ErrCorrupt):
		return e.T("err.corrupt")
	case errors.Is(err, store.ErrFull):
		return e.T("err.full")
	case errors.Is(err, store.ErrReadOnly):
		return e.T("err.readOnly")
	case errors.Is(err, store.ErrMixedCurrency):
		return e.T("err.mixedCurrency")
	case errors.Is(err, ops.ErrNoRateBook):
		return e.T("err.noRateBook")
	case errors.Is(err, ops.ErrTooManyOrders):
		return e.Tf("err.tooManyOrders", count(ops.MaxBulkOverride))
	case errors.Is(err, ops.ErrNoReason):
		return e.T("override.needReason")
	case errors.Is(err, os.ErrNotExist):
		return e.T("err.noFile") + "\n" + err.Error()
	case errors.Is(err, os.ErrPermission):
		return e.T("err.permission") + "\n" + err.Error()
	case errors.As(err, &fileErr):
		return fileErr.File + ": " + e.importReason(&fileErr.Why, fileErr.Reason)
	case errors.As(err, &colErr):
		// an order field is said by its name in the mapping step ("Order reference")
		field := func(s string) string {
			if slices.Contains(mappedFields, s) {
				return e.T("field." + s)
			}
			return s
		}
		return e.Tf("err.column", field(colErr.Column), e.renderImportReason(&colErr.Why, colErr.Reason,
			func(a logistics.Arg) string { return field(a.Value()) }))
	case errors.As(err, &optErr):
		return e.optionProblem(optErr)
	case errors.As(err, &rbErr):
		return e.T("err.rateBook") + "\n" + e.rateBookProblems(rbErr)
	case errors.As(err, &ovErr):
		what := e.T("mode." + ovErr.Mode.String())
		if ovErr.Option != "" {
			what += " " + ovErr.Option
		}
		var why strings.Builder
		for i := range ovErr.Why {
			why.WriteString(e.reasonText(&ovErr.Why[i]))
		}
		return e.Tf("err.override", ovErr.Ref, what, why.String())
	case errors.Is(err, store.ErrInvalid):
		return e.T("err.invalid") + "\n" + err.Error()
	}
	return e.T("err.generic") + "\n" + err.Error()
}

// serverDetail is the driver's words of a database server's error, without the
// introduction the operations put before them.
func serverDetail(err error) string {
	var se *ops.ServerError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	return err.Error()
}
