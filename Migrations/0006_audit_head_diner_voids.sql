-- The audit chain's head, kept apart from the chain and moved in the same transaction as each row it appends.
-- A chain shows an edit or a gap anywhere in it, but not that its newest rows were cut off; rows that changed a
-- fact are missed by the register check when cut, but a row that only records a reading (an --unmask, a backup,
-- a call through the gate) is not. audit verify compares this head with the chain's last row, and each month's
-- seal keeps a copy of the head as it was at the close.
CREATE TABLE audit_head (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL CHECK (last_id >= 0),
    hash    BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

INSERT INTO audit_head (one, last_id, hash)
SELECT 1, coalesce(max(id), 0), coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), zeroblob(32)) FROM audit_log;

-- The head only moves forward, and is never removed.
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.last_id <= OLD.last_id OR NEW.one IS NOT OLD.one BEGIN
    SELECT RAISE(ABORT, 'the audit head only moves forward');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
    SELECT RAISE(ABORT, 'the audit head is never removed');
END;

-- A diner's voided meals, for `meal list --diner`: the one-meal-per-slot index holds the rest by diner, and a
-- void is rare enough that this index costs little.
CREATE INDEX meals_voided_by_diner ON meals(diner_id) WHERE void_entry_id IS NOT NULL;
