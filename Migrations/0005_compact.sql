-- Leaner books that cost what their own month costs, not what the history costs.
--
-- * A meal's journal entry keeps only its hash: its date, period, memo, operator, time and postings are the
--   meal row's, by the fixed formula of a meal (balanced by construction), and a void's postings are the exact
--   reversal of its meal's. Only appropriations and settlements keep posting rows.
-- * Hashes are 32-byte BLOBs, and no entry stores its predecessor's hash: the previous entry has it. The hash
--   still covers the same canonical text, so every entry keeps the hash it had.
-- * The figures month-end reads are kept as derived state, written by the ledger in the same transaction as
--   each entry, per period, canteen, slot and payment (period_figures), beside the fund's per-period figures;
--   audit verify recomputes both from the entries.
-- * Only the indexes a query needs, with the unique ones partial where most rows hold NULL.
-- canteen_unhex is the program's own SQL function (SQLite's unhex came later than the Debian one).
-- * The CHECKs of the tables written per meal spell a list of three or more as ORs: SQLite codes such an IN as
--   an ephemeral table built again for every row written, a fifth of a meal's cost.

-- IF EXISTS: a book whose guards were dropped behind its back still migrates, and audit verify then finds what was done.
DROP TRIGGER IF EXISTS journal_no_update;
DROP TRIGGER IF EXISTS journal_no_delete;
DROP TRIGGER IF EXISTS postings_no_update;
DROP TRIGGER IF EXISTS postings_no_delete;
DROP TRIGGER IF EXISTS meals_no_delete;
DROP TRIGGER IF EXISTS meals_only_void_link;
DROP INDEX IF EXISTS journal_by_period;
DROP INDEX IF EXISTS journal_by_meal;
DROP INDEX IF EXISTS postings_by_account;
DROP INDEX IF EXISTS meals_one_per_slot;
DROP INDEX IF EXISTS meals_by_site_date;
DROP INDEX IF EXISTS meals_by_date;

-- The journal: one row per money event, hash-chained. A meal's row holds its kind, its meal and its hash.
CREATE TABLE journal_compact (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'appropriation' OR kind = 'meal' OR kind = 'void' OR kind = 'settlement'),
    entry_date  TEXT CHECK (entry_date IS NULL OR date(entry_date) IS entry_date),
    period      TEXT CHECK (period IS NULL OR period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    memo        TEXT,
    meal_id     INTEGER REFERENCES meals(id),
    corrects_id INTEGER REFERENCES journal(id),
    operator_id INTEGER REFERENCES operators(id),
    recorded_at TEXT,
    hash        BLOB NOT NULL CHECK (length(hash) = 32),
    CHECK ((kind IN ('meal', 'void')) = (meal_id IS NOT NULL)),
    CHECK ((kind = 'void') = (corrects_id IS NOT NULL)),
    CHECK ((kind = 'meal') = (entry_date IS NULL)),
    CHECK ((kind = 'meal') = (period IS NULL AND memo IS NULL AND operator_id IS NULL AND recorded_at IS NULL))
) STRICT;

INSERT INTO journal_compact (id, kind, entry_date, period, memo, meal_id, corrects_id, operator_id, recorded_at, hash)
SELECT id, kind,
       CASE WHEN kind = 'meal' THEN NULL ELSE entry_date END,
       CASE WHEN kind = 'meal' THEN NULL ELSE period END,
       CASE WHEN kind = 'meal' THEN NULL ELSE memo END,
       meal_id, corrects_id,
       CASE WHEN kind = 'meal' THEN NULL ELSE operator_id END,
       CASE WHEN kind = 'meal' THEN NULL ELSE recorded_at END,
       canteen_unhex(hash)
FROM journal;

-- A meal stores what it was charged; the one change allowed is the link to its void, set once.
CREATE TABLE meals_compact (
    id            INTEGER PRIMARY KEY,
    diner_id      INTEGER NOT NULL REFERENCES diners(id),
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    meal_date     TEXT NOT NULL CHECK (date(meal_date) IS meal_date),
    slot          TEXT NOT NULL CHECK (slot = 'breakfast' OR slot = 'lunch' OR slot = 'dinner'),
    pay           TEXT NOT NULL CHECK (pay = 'cash' OR pay = 'wechat' OR pay = 'alipay' OR pay = 'card'),
    price_fen     INTEGER NOT NULL CHECK (price_fen > 0),
    copay_fen     INTEGER NOT NULL CHECK (copay_fen >= 0),
    subsidy_fen   INTEGER NOT NULL CHECK (subsidy_fen >= 0),
    policy_id     INTEGER NOT NULL REFERENCES policies(id),
    ref           TEXT CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 128),
    operator_id   INTEGER NOT NULL REFERENCES operators(id),
    recorded_at   TEXT NOT NULL,
    void_entry_id INTEGER REFERENCES journal(id),
    CHECK (price_fen = copay_fen + subsidy_fen)
) STRICT;

INSERT INTO meals_compact SELECT id, diner_id, site_id, meal_date, slot, pay, price_fen, copay_fen, subsidy_fen, policy_id,
                                 ref, operator_id, recorded_at, void_entry_id FROM meals;

DROP TABLE journal;
ALTER TABLE journal_compact RENAME TO journal;
DROP TABLE meals;
ALTER TABLE meals_compact RENAME TO meals;

-- Postings of meals and voids are derived from the meal rows from now on.
DELETE FROM postings WHERE journal_id IN (SELECT id FROM journal WHERE kind IN ('meal', 'void'));
-- Only the fund's remaining is kept as a running balance: the counter's check reads it, and its CHECK refuses a
-- fund below zero. Every other balance is derived (audit verify and the exports sum the entries).
DELETE FROM balances WHERE account <> 'budget:available';

-- One subsidised meal per diner, date and slot, at any canteen; a voided meal frees its slot.
CREATE UNIQUE INDEX meals_one_per_slot ON meals(diner_id, meal_date, slot) WHERE void_entry_id IS NULL;
CREATE INDEX meals_by_date ON meals(meal_date);
CREATE UNIQUE INDEX meals_by_ref ON meals(ref) WHERE ref IS NOT NULL;
CREATE UNIQUE INDEX meals_by_void ON meals(void_entry_id) WHERE void_entry_id IS NOT NULL;
CREATE UNIQUE INDEX journal_meal_entry ON journal(meal_id) WHERE kind = 'meal';
CREATE INDEX journal_by_period ON journal(period) WHERE period IS NOT NULL;

-- Derived: each period's meal figures per canteen, slot and payment method, as of the period's own books: the
-- period's meals net of those voided within it, and the reversals posted in it of earlier months' meals.
CREATE TABLE period_figures (
    period                TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    site_id               INTEGER NOT NULL REFERENCES sites(id),
    slot                  TEXT NOT NULL CHECK (slot = 'breakfast' OR slot = 'lunch' OR slot = 'dinner'),
    pay                   TEXT NOT NULL CHECK (pay = 'cash' OR pay = 'wechat' OR pay = 'alipay' OR pay = 'card'),
    meals                 INTEGER NOT NULL DEFAULT 0,
    gross_fen             INTEGER NOT NULL DEFAULT 0,
    copay_fen             INTEGER NOT NULL DEFAULT 0,
    subsidy_fen           INTEGER NOT NULL DEFAULT 0,
    voided                INTEGER NOT NULL DEFAULT 0,
    adjusted              INTEGER NOT NULL DEFAULT 0,
    adjustments_fen       INTEGER NOT NULL DEFAULT 0,
    copay_adjustments_fen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (period, site_id, slot, pay)
) STRICT, WITHOUT ROWID;

-- Filled from the meals and their voids as they stand.
INSERT INTO period_figures (period, site_id, slot, pay, meals, gross_fen, copay_fen, subsidy_fen)
SELECT substr(meal_date, 1, 7), site_id, slot, pay, count(*), sum(price_fen), sum(copay_fen), sum(subsidy_fen)
FROM meals GROUP BY 1, 2, 3, 4;
INSERT INTO period_figures (period, site_id, slot, pay, meals, gross_fen, copay_fen, subsidy_fen, voided)
SELECT v.period, m.site_id, m.slot, m.pay, -count(*), -sum(m.price_fen), -sum(m.copay_fen), -sum(m.subsidy_fen), count(*)
FROM journal v JOIN meals m ON m.id = v.meal_id WHERE v.kind = 'void' AND v.period = substr(m.meal_date, 1, 7)
GROUP BY 1, 2, 3, 4
ON CONFLICT (period, site_id, slot, pay) DO UPDATE SET meals = meals + excluded.meals, gross_fen = gross_fen + excluded.gross_fen,
    copay_fen = copay_fen + excluded.copay_fen, subsidy_fen = subsidy_fen + excluded.subsidy_fen, voided = voided + excluded.voided;
INSERT INTO period_figures (period, site_id, slot, pay, adjusted, adjustments_fen, copay_adjustments_fen)
SELECT v.period, m.site_id, m.slot, m.pay, count(*), -sum(m.subsidy_fen), -sum(m.copay_fen)
FROM journal v JOIN meals m ON m.id = v.meal_id WHERE v.kind = 'void' AND v.period > substr(m.meal_date, 1, 7)
GROUP BY 1, 2, 3, 4
ON CONFLICT (period, site_id, slot, pay) DO UPDATE SET adjusted = adjusted + excluded.adjusted,
    adjustments_fen = adjustments_fen + excluded.adjustments_fen, copay_adjustments_fen = copay_adjustments_fen + excluded.copay_adjustments_fen;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings BEGIN
    SELECT RAISE(ABORT, 'postings are append-only');
END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings BEGIN
    SELECT RAISE(ABORT, 'postings are append-only');
END;
CREATE TRIGGER meals_no_delete BEFORE DELETE ON meals BEGIN
    SELECT RAISE(ABORT, 'meals are append-only');
END;
CREATE TRIGGER meals_only_void_link BEFORE UPDATE ON meals
WHEN OLD.void_entry_id IS NOT NULL OR NEW.void_entry_id IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.diner_id IS NOT OLD.diner_id OR NEW.site_id IS NOT OLD.site_id
    OR NEW.meal_date IS NOT OLD.meal_date OR NEW.slot IS NOT OLD.slot OR NEW.pay IS NOT OLD.pay
    OR NEW.price_fen IS NOT OLD.price_fen OR NEW.copay_fen IS NOT OLD.copay_fen
    OR NEW.subsidy_fen IS NOT OLD.subsidy_fen OR NEW.policy_id IS NOT OLD.policy_id
    OR NEW.ref IS NOT OLD.ref OR NEW.operator_id IS NOT OLD.operator_id
    OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN
    SELECT RAISE(ABORT, 'meals are append-only: only the link to its void may be set, once');
END;
