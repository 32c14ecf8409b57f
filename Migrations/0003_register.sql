-- Every fact that decides who is paid goes under a hash chain, as the money already does in the journal:
-- diners (identity, birth date, registration, deactivation), their categories, canteens and prices, policies,
-- operators and roles, declarations, closes and settlements. The chain is the audit log: each row records one
-- change, the state after it of every row it touched, and a SHA-256 over all of that and the row before.
-- audit verify proves that the tables equal what the chain says. The migration's own step (in the binary)
-- chains the log rows already there and records every such row as found, once.

DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
ALTER TABLE audit_log RENAME TO audit_log_unchained;

-- One change, or one reading of unmasked personal data. hash = SHA-256 of the row's canonical text, which
-- names its facts and ends with the previous row's hash (32 zero bytes before the first), so rows are
-- numbered 1, 2, 3… without a gap and none can be changed, removed or inserted unseen.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    hash        BLOB NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32)
) STRICT;

-- The state after the change of each row the change touched: the table, the row's key, and every column.
CREATE TABLE audit_facts (
    audit_id  INTEGER NOT NULL REFERENCES audit_log(id),
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    state     TEXT NOT NULL,
    PRIMARY KEY (audit_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_facts_no_update BEFORE UPDATE ON audit_facts BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_facts_no_delete BEFORE DELETE ON audit_facts BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A close seals the audit chain's head too, so cutting off its last rows shows. Months closed before this
-- migration have none (their seal text is of version 1).
ALTER TABLE month_closes ADD COLUMN audit_last_id INTEGER;
ALTER TABLE month_closes ADD COLUMN audit_head BLOB CHECK (audit_head IS NULL OR length(audit_head) = 32);

-- Derived: the fund's movements per period, written by the ledger with each entry that moves the fund, so a
-- back-filled meal can be checked against the fund as of its own month without reading the history;
-- audit verify recomputes it from the postings. The step fills it for the entries already there.
CREATE TABLE fund_periods (
    period           TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    appropriated_fen INTEGER NOT NULL DEFAULT 0 CHECK (appropriated_fen >= 0),
    drawn_fen        INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Rows that facts describe are never deleted: a diner or operator is deactivated, a price or policy replaced.
CREATE TRIGGER diners_no_delete BEFORE DELETE ON diners BEGIN
    SELECT RAISE(ABORT, 'diners are never deleted: deactivate them');
END;
CREATE TRIGGER operators_no_delete BEFORE DELETE ON operators BEGIN
    SELECT RAISE(ABORT, 'operators are never deleted: deactivate them');
END;
CREATE TRIGGER sites_no_delete BEFORE DELETE ON sites BEGIN
    SELECT RAISE(ABORT, 'canteens are never deleted');
END;
CREATE TRIGGER site_prices_no_delete BEFORE DELETE ON site_prices BEGIN
    SELECT RAISE(ABORT, 'prices are effective-dated: add a new one instead');
END;
CREATE TRIGGER policies_no_delete BEFORE DELETE ON policies BEGIN
    SELECT RAISE(ABORT, 'policies are effective-dated: set a new one instead');
END;
