-- Month end: the copay takings each canteen declares, the seal of each closed month, and the
-- subsidy paid to each canteen's operator.

-- Declaring again before the close adds a row; the latest row is the figure, the rest history.
CREATE TABLE cash_declarations (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    declared_at TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE INDEX cash_declarations_by_month ON cash_declarations(month, site_id);

-- A closed month's figures as sealed: the report of a closed month is read from here, forever.
CREATE TABLE month_closes (
    month                  TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    closed_at              TEXT NOT NULL,
    closed_by              INTEGER NOT NULL REFERENCES operators(id),
    forced                 INTEGER NOT NULL CHECK (forced IN (0, 1)),
    last_entry_id          INTEGER NOT NULL,
    chain_head             TEXT NOT NULL CHECK (length(chain_head) = 64),
    meals                  INTEGER NOT NULL CHECK (meals >= 0),
    diners                 INTEGER NOT NULL CHECK (diners >= 0),
    gross_fen              INTEGER NOT NULL CHECK (gross_fen >= 0),
    copay_fen              INTEGER NOT NULL CHECK (copay_fen >= 0),
    subsidy_fen            INTEGER NOT NULL CHECK (subsidy_fen >= 0),
    adjustments_fen        INTEGER NOT NULL CHECK (adjustments_fen <= 0),
    copay_adjustments_fen  INTEGER NOT NULL CHECK (copay_adjustments_fen <= 0),
    payable_fen            INTEGER NOT NULL,
    cash_declared_fen      INTEGER,
    opening_remaining_fen  INTEGER NOT NULL CHECK (opening_remaining_fen >= 0),
    appropriated_fen       INTEGER NOT NULL CHECK (appropriated_fen >= 0),
    drawn_fen              INTEGER NOT NULL,
    closing_remaining_fen  INTEGER NOT NULL CHECK (closing_remaining_fen >= 0),
    seal_hash              TEXT NOT NULL CHECK (length(seal_hash) = 64),
    CHECK (gross_fen = copay_fen + subsidy_fen),
    CHECK (payable_fen = subsidy_fen + adjustments_fen),
    CHECK (drawn_fen = payable_fen),
    CHECK (closing_remaining_fen = opening_remaining_fen + appropriated_fen - drawn_fen)
) STRICT;

CREATE TABLE month_close_sites (
    month             TEXT NOT NULL REFERENCES month_closes(month),
    site_id           INTEGER NOT NULL REFERENCES sites(id),
    meals             INTEGER NOT NULL CHECK (meals >= 0),
    diners            INTEGER NOT NULL CHECK (diners >= 0),
    gross_fen         INTEGER NOT NULL CHECK (gross_fen >= 0),
    copay_fen         INTEGER NOT NULL CHECK (copay_fen >= 0),
    subsidy_fen       INTEGER NOT NULL CHECK (subsidy_fen >= 0),
    adjustments_fen   INTEGER NOT NULL CHECK (adjustments_fen <= 0),
    copay_adjustments_fen INTEGER NOT NULL CHECK (copay_adjustments_fen <= 0),
    payable_fen       INTEGER NOT NULL,
    cash_declared_fen INTEGER CHECK (cash_declared_fen IS NULL OR cash_declared_fen >= 0),
    PRIMARY KEY (month, site_id),
    CHECK (gross_fen = copay_fen + subsidy_fen),
    CHECK (payable_fen = subsidy_fen + adjustments_fen)
) STRICT;

CREATE TABLE settlements (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    month       TEXT NOT NULL REFERENCES month_closes(month),
    amount_fen  INTEGER NOT NULL,
    voucher     TEXT NOT NULL CHECK (length(voucher) BETWEEN 1 AND 64),
    entry_id    INTEGER REFERENCES journal(id),
    paid_at     TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    UNIQUE (site_id, month)
) STRICT;

CREATE TRIGGER cash_declarations_append_only BEFORE UPDATE ON cash_declarations BEGIN
    SELECT RAISE(ABORT, 'declarations are kept as history: declare again instead');
END;
CREATE TRIGGER cash_declarations_no_delete BEFORE DELETE ON cash_declarations BEGIN
    SELECT RAISE(ABORT, 'declarations are kept as history');
END;
CREATE TRIGGER month_closes_sealed BEFORE UPDATE ON month_closes BEGIN
    SELECT RAISE(ABORT, 'a closed month never changes');
END;
CREATE TRIGGER month_closes_no_delete BEFORE DELETE ON month_closes BEGIN
    SELECT RAISE(ABORT, 'a closed month never changes');
END;
CREATE TRIGGER month_close_sites_sealed BEFORE UPDATE ON month_close_sites BEGIN
    SELECT RAISE(ABORT, 'a closed month never changes');
END;
CREATE TRIGGER month_close_sites_no_delete BEFORE DELETE ON month_close_sites BEGIN
    SELECT RAISE(ABORT, 'a closed month never changes');
END;
CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only');
END;
