-- The dashboard's kept sums (summary_cells, migration 12) by the orders' status
-- too: open (1) and shipped (2). A plan replaces the decisions of every open order
-- of its period and none of a shipped one, so it keeps the sums current itself —
-- the open orders' cells of its period replaced by the sums of its new decisions —
-- instead of leaving them to be summed again from a million decisions at the next
-- open (issue 15). The cells are summed again at the next open.
DROP TABLE summary_cells;
CREATE TABLE summary_cells (
    order_date   BIGINT  NOT NULL,
    country      TEXT    NOT NULL, -- '' with mode -1
    mode         BIGINT  NOT NULL, -- 0: unassignable; -1: open orders not planned (orders)
    currency     TEXT    NOT NULL, -- '' with mode -1
    status       BIGINT  NOT NULL, -- logistics.Status of the orders: 1 open, 2 shipped
    orders       BIGINT  NOT NULL,
    spend        BIGINT  NOT NULL,
    sla          BIGINT  NOT NULL,
    best         BIGINT  NOT NULL,
    n_direct     BIGINT  NOT NULL,
    direct       BIGINT  NOT NULL,
    spend_direct BIGINT  NOT NULL,
    PRIMARY KEY (order_date, country, mode, currency, status)
);
DELETE FROM summary_stamp;
