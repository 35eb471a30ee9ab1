package logistics

// Order is a customer order to ship from the origin to a consumer abroad.
type Order struct {
	Ref          string // order reference, unique within its marketplace
	Marketplace  string
	Date         Date
	Country      string // ISO 3166-1 alpha-2 destination
	PostalCode   string // as given; the engine normalises it
	Currency     string // currency of the unit prices
	PromisedDays int    // delivery promise in days; 0 = no promise
	Lines        []Line
	Parcel       *Parcel // the order's own parcel, if known
}

// Line is one order line: Qty units of a SKU at UnitPrice (order currency).
type Line struct {
	SKU       string
	Qty       int64
	UnitPrice Dec
}

// Parcel is an order's own parcel. WeightG, when not 0, replaces the computed
// actual weight entirely (packaging included).
type Parcel struct {
	LengthMM, WidthMM, HeightMM int64
	WeightG                     int64
}

// Status is where an order is in its life.
type Status uint8

const (
	Open      Status = iota + 1 // waiting to be planned and shipped
	Shipped                     // left the origin or warehouse; mode and cost are final
	Cancelled                   // cancelled by the buyer or the marketplace
)

var statusNames = [...]string{"", "open", "shipped", "cancelled"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// ParseStatus reads "open", "shipped" or "cancelled".
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if i > 0 && n == s {
			return Status(i), nil
		}
	}
	return 0, &statusError{s}
}

type statusError struct{ s string }

func (e *statusError) Error() string { return "unknown status " + `"` + e.s + `"` }

// StatusAfterImport is the status of an order after an import that gives it status
// given (0: the file says nothing) when it was stored with status stored (0: it is
// new). A new order is open unless the file says otherwise; a given status replaces
// the stored one, except that an import never reopens a shipped or cancelled order:
// an old export must not undo what a newer one said.
func StatusAfterImport(stored, given Status) Status {
	switch {
	case stored == 0 && given == 0:
		return Open
	case stored == 0:
		return given
	case given == 0 || given == Open:
		return stored
	}
	return given
}

// KeepsDecision reports whether an order keeps its decision when an import takes
// it from status old to status s, its content changed or not: a cancelled order
// has none (it is neither planned nor counted), a changed open order must be
// planned again, and a shipped order keeps what it shipped under.
func KeepsDecision(old, s Status, contentChanged bool) bool {
	switch {
	case s == Cancelled:
		return false
	case s == Open && contentChanged:
		return false
	}
	return true
}
