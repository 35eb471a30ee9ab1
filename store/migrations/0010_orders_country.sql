-- The orders list filtered by country at a million orders (issues 13 and 15): its
-- first rows within 300 ms whatever the sort (store/query.go).
--
-- Sorted by shipping cost, the orders of a country whose orders cost little come
-- after tens of thousands of decisions of other countries: the decisions of a
-- range of totals are matched against the country's ids (the index, without
-- reading an order), not an order read per decision. Sorted by date (and a value
-- of many orders sorted by total) it is walked in its own order. Costs an import
-- an index entry per order.
CREATE INDEX IF NOT EXISTS orders_country ON orders (country, order_date);
