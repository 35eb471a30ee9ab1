package ui

// searchPreparer is an order source that can get ready for searches in the
// background: on a million orders, the first search after the database opened
// would otherwise wait for every order reference to be read (store.DB.PrepareSearch).
type searchPreparer interface {
	PrepareSearch()
}

// PrepareSearch starts reading the order references for the searches to come.
func (a *storeAdapter) PrepareSearch() { a.db.PrepareSearch() }

// PrepareSearch passes the call on to the screens' order source, if it can.
func (s source) PrepareSearch() { prepareSearch(s.orderSource) }

// prepareSearch gets src ready for searches, if it can.
func prepareSearch(src orderSource) {
	if p, ok := src.(searchPreparer); ok {
		p.PrepareSearch()
	}
}
