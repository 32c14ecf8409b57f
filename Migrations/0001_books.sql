-- The books of the senior-canteen subsidy: who may act, the canteens and their prices, the subsidy
-- policies, the diners, their meals, and the double-entry journal that accounts for every fen.
-- Money is integer fen everywhere. Dates are 'YYYY-MM-DD' text; months 'YYYY-MM'.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE operators (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64 AND name = trim(name)),
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'finance', 'auditor', 'admin')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES operators(id)
) STRICT;

-- Every change, and every reading of unmasked personal data, names the operator who did it.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sites (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE
               CHECK (length(code) BETWEEN 2 AND 10 AND code NOT GLOB '*[^A-Z0-9]*'),
    name       TEXT NOT NULL CHECK (length(name) > 0),
    district   TEXT,
    capacity   INTEGER CHECK (capacity IS NULL OR capacity > 0),
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

-- Contracted meal prices, effective-dated: the price on a date is the latest row in force then.
-- '0001-01-01' means "for every date". Meals store the price they were charged, so a new row
-- never changes the past.
CREATE TABLE site_prices (
    id             INTEGER PRIMARY KEY,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    price_fen      INTEGER NOT NULL CHECK (price_fen > 0),
    effective_from TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
    created_at     TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES operators(id),
    UNIQUE (site_id, effective_from)
) STRICT;

-- Subsidy policies: the copay for diners of a category (NULL: every category) aged at least
-- min_age (NULL: every eligible age), from a date. A later row for the same category and min_age
-- replaces an earlier one from its date on. The lowest copay that applies wins.
CREATE TABLE policies (
    id             INTEGER PRIMARY KEY,
    category       TEXT CHECK (category IS NULL OR category IN
                   ('standard', 'low-income', 'extreme-poverty', 'disabled', 'living-alone', 'special-care')),
    min_age        INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 60 AND 150),
    copay_fen      INTEGER NOT NULL CHECK (copay_fen >= 0),
    cap_fen        INTEGER CHECK (cap_fen IS NULL OR cap_fen >= 0),
    effective_from TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
    created_at     TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE TABLE diners (
    id                  INTEGER PRIMARY KEY,
    id_number           TEXT NOT NULL UNIQUE
                        CHECK (length(id_number) = 18 AND substr(id_number, 1, 17) NOT GLOB '*[^0-9]*'
                               AND substr(id_number, 18) GLOB '[0-9X]'),
    name                TEXT NOT NULL CHECK (length(name) > 0 AND name = trim(name)),
    phone               TEXT CHECK (phone IS NULL OR phone NOT GLOB '*[^0-9]*'),
    birth_date          TEXT NOT NULL CHECK (date(birth_date) IS birth_date),
    sex                 TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    home_site_id        INTEGER REFERENCES sites(id),
    registered_on       TEXT NOT NULL CHECK (date(registered_on) IS registered_on),
    deactivated_on      TEXT CHECK (deactivated_on IS NULL OR date(deactivated_on) IS deactivated_on),
    deactivation_reason TEXT CHECK (deactivation_reason IS NULL OR deactivation_reason IN
                        ('deceased', 'moved', 'withdrew', 'other')),
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES operators(id),
    CHECK ((deactivated_on IS NULL) = (deactivation_reason IS NULL))
) STRICT;

CREATE INDEX diners_phone ON diners(phone);

-- A diner's category (低保, 特困, …) over time, as policies single them out: the category on a meal's date
-- decides its copay, so a change never reprices a back-filled meal from before it. The first row is the
-- registration's; a later row for the same date replaces an earlier one.
CREATE TABLE diner_categories (
    id             INTEGER PRIMARY KEY,
    diner_id       INTEGER NOT NULL REFERENCES diners(id),
    category       TEXT NOT NULL CHECK (category IN
                   ('standard', 'low-income', 'extreme-poverty', 'disabled', 'living-alone', 'special-care')),
    effective_from TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
    created_at     TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE INDEX diner_categories_by_diner ON diner_categories(diner_id, effective_from);

-- A meal stores what it was charged. It is never edited: a void is a new journal entry, and the
-- one change allowed here is the link to that entry, set once, which frees the slot.
CREATE TABLE meals (
    id            INTEGER PRIMARY KEY,
    diner_id      INTEGER NOT NULL REFERENCES diners(id),
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    meal_date     TEXT NOT NULL CHECK (date(meal_date) IS meal_date),
    slot          TEXT NOT NULL CHECK (slot IN ('breakfast', 'lunch', 'dinner')),
    pay           TEXT NOT NULL CHECK (pay IN ('cash', 'wechat', 'alipay', 'card')),
    price_fen     INTEGER NOT NULL CHECK (price_fen > 0),
    copay_fen     INTEGER NOT NULL CHECK (copay_fen >= 0),
    subsidy_fen   INTEGER NOT NULL CHECK (subsidy_fen >= 0),
    policy_id     INTEGER NOT NULL REFERENCES policies(id),
    ref           TEXT UNIQUE CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 128),
    operator_id   INTEGER NOT NULL REFERENCES operators(id),
    recorded_at   TEXT NOT NULL,
    void_entry_id INTEGER UNIQUE REFERENCES journal(id),
    CHECK (price_fen = copay_fen + subsidy_fen)
) STRICT;

-- One subsidised meal per diner, date and slot, at any canteen; a voided meal frees its slot.
CREATE UNIQUE INDEX meals_one_per_slot ON meals(diner_id, meal_date, slot) WHERE void_entry_id IS NULL;
CREATE INDEX meals_by_site_date ON meals(site_id, meal_date);
CREATE INDEX meals_by_date ON meals(meal_date);

-- The journal: one row per money event, hash-chained. Postings carry the amounts: positive is a
-- debit, negative a credit, and the postings of one entry sum to zero.
CREATE TABLE journal (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('appropriation', 'meal', 'void', 'settlement')),
    entry_date  TEXT NOT NULL CHECK (date(entry_date) IS entry_date),
    period      TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    memo        TEXT NOT NULL,
    meal_id     INTEGER REFERENCES meals(id),
    corrects_id INTEGER REFERENCES journal(id),
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    recorded_at TEXT NOT NULL,
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    CHECK ((kind IN ('meal', 'void')) = (meal_id IS NOT NULL)),
    CHECK ((kind = 'void') = (corrects_id IS NOT NULL))
) STRICT;

CREATE INDEX journal_by_period ON journal(period, kind);
CREATE INDEX journal_by_meal ON journal(meal_id);

CREATE TABLE postings (
    id         INTEGER PRIMARY KEY,
    journal_id INTEGER NOT NULL REFERENCES journal(id),
    account    TEXT NOT NULL CHECK (length(account) > 0 AND account NOT GLOB '*[ ;]*'),
    amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0)
) STRICT;

CREATE INDEX postings_by_entry ON postings(journal_id);
CREATE INDEX postings_by_account ON postings(account);

-- A kept running balance per account, so the counter's budget check reads one row, not every posting. It is
-- derived state, written by the core in the same transaction as each posting (a trigger per posting
-- cost more than the rest of recording a meal), and audit verify recomputes it from the postings.
-- The fund may never go below zero.
CREATE TABLE balances (
    account     TEXT PRIMARY KEY,
    balance_fen INTEGER NOT NULL,
    CHECK (account <> 'budget:available' OR balance_fen >= 0)
) STRICT;

-- Append-only: money events are corrected by new entries, never by edits.
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
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER site_prices_no_change BEFORE UPDATE ON site_prices BEGIN
    SELECT RAISE(ABORT, 'prices are effective-dated: add a new one instead');
END;
CREATE TRIGGER diner_categories_no_change BEFORE UPDATE ON diner_categories BEGIN
    SELECT RAISE(ABORT, 'categories are effective-dated: set a new one instead');
END;
CREATE TRIGGER diner_categories_no_delete BEFORE DELETE ON diner_categories BEGIN
    SELECT RAISE(ABORT, 'categories are effective-dated: set a new one instead');
END;
CREATE TRIGGER policies_no_change BEFORE UPDATE ON policies BEGIN
    SELECT RAISE(ABORT, 'policies are effective-dated: set a new one instead');
END;
