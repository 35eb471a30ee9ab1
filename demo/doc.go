// Package demo holds Shipmode's realistic demo data: a complete rate book for a
// seller shipping from China (direct postal, dedicated-line and express services,
// overseas and forward warehouses with their last-mile carriers, consolidation lanes,
// FX, duty and compliance rules, a product catalogue with stock) and a fast,
// deterministic generator of a year of marketplace orders to go with it. The first
// start of the app, `shipmode demo` and tests use it so every screen has content.
package demo
