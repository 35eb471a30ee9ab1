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

-- A search for text anywhere in a reference (ILIKE '%…%') reads the references that
-- contain its trigrams from orders_ref_trgm, when the server has the pg_trgm
-- extension (Debian's postgresql package does) and this user may create it (it is
-- a trusted extension: the right to create in the database is enough). It goes in
-- the public schema, where dropping another schema never drops it. Without it a
-- search reads every reference.
DO $$
DECLARE
    s name;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            RETURN;
        END;
    END IF;
    SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX IF NOT EXISTS orders_ref_trgm ON orders USING gin (ref %I.gin_trgm_ops)', s);
END
$$;
