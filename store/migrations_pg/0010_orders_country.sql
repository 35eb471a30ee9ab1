-- The orders list filtered by country at a million orders (issues 13 and 15): its
-- first rows within 300 ms whatever the sort (store/query.go).
--
-- Sorted by shipping cost, the orders of a country whose orders cost little come
-- after tens of thousands of decisions of other countries: the decisions of a
-- range of totals (decisions_total, now with the order id: an index-only scan,
-- not a decision's row read per entry) are joined by hash with the country's ids
-- (orders_country, index-only). Sorted by date (and a value of many orders sorted
-- by total) it is walked in its own order. Costs an import an index entry per
-- order; decisions_total costs the plan's writer what it did (one entry per
-- decision), 8 bytes wider.
CREATE INDEX IF NOT EXISTS orders_country ON orders (country, order_date, id);
DROP INDEX IF EXISTS decisions_total;
CREATE INDEX decisions_total ON decisions (total, order_id);
