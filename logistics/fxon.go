package logistics

// FXOn is the row of the rate book's FX sheet that converts currency on d, as
// pricing takes it (SPEC §5): the latest valid_from on or before d, of equal dates
// the last. The base currency is never converted: its row is rate 1 since always.
// ok is false when the sheet has no row for the currency on d.
func (rb *RateBook) FXOn(currency string, d Date) (row FXRate, ok bool) {
	if currency == rb.BaseCurrency() {
		return FXRate{Currency: currency, RateToBase: DecScale, ValidFrom: NoDate}, true
	}
	for _, r := range rb.FX {
		if r.Currency == currency && r.ValidFrom <= d && (!ok || r.ValidFrom >= row.ValidFrom) {
			row, ok = r, true
		}
	}
	return row, ok
}
