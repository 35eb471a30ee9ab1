-- The orders screen at a million orders (issues 13 and 15): its first rows within
-- 300 ms whatever the sort and the filter (store/query.go).
--
-- A sort by shipping cost walks decisions_total and breaks ties by date; a mode,
-- unassignable or SLA-risk filter that selects few orders reads them from
-- decisions_mode or decisions_sla_risk (a many-order one walks the orders by date
-- instead). Each costs the plan's writer an index entry per decision; the SLA-risk
-- one only for the few decisions at risk.
CREATE INDEX IF NOT EXISTS decisions_total ON decisions (total);
CREATE INDEX IF NOT EXISTS decisions_mode ON decisions (mode);
CREATE INDEX IF NOT EXISTS decisions_sla_risk ON decisions (order_id) WHERE sla_risk <> 0;
