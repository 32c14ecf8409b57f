-- Two more facts that decide who may act and who may eat: operators' SSH keys, which the gate trusts to say
-- who is calling, and diners' cards, whose codes the counter scans. Both are under the audit chain. A key or a
-- card is never deleted: removing a key or replacing a lost card retires it, once, and says who did.

CREATE TABLE operator_keys (
    id          INTEGER PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    key_type    TEXT NOT NULL CHECK (key_type IN ('ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384',
                                                  'ecdsa-sha2-nistp521', 'ssh-rsa')),
    key_data    TEXT NOT NULL CHECK (length(key_data) BETWEEN 16 AND 4096 AND key_data NOT GLOB '*[^A-Za-z0-9+/=]*'),
    fingerprint TEXT NOT NULL CHECK (fingerprint GLOB 'SHA256:?*'),
    comment     TEXT,
    added_at    TEXT NOT NULL,
    added_by    INTEGER NOT NULL REFERENCES operators(id),
    removed_at  TEXT,
    removed_by  INTEGER REFERENCES operators(id),
    CHECK ((removed_at IS NULL) = (removed_by IS NULL))
) STRICT;

-- A key in service belongs to one operator only.
CREATE UNIQUE INDEX operator_keys_in_service ON operator_keys(fingerprint) WHERE removed_at IS NULL;
CREATE INDEX operator_keys_by_operator ON operator_keys(operator_id);

CREATE TABLE diner_cards (
    id         INTEGER PRIMARY KEY,
    diner_id   INTEGER NOT NULL REFERENCES diners(id),
    code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 16 AND code NOT GLOB '*[^0-9A-Z]*'),
    issued_on  TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
    issued_at  TEXT NOT NULL,
    issued_by  INTEGER NOT NULL REFERENCES operators(id),
    retired_at TEXT,
    retired_by INTEGER REFERENCES operators(id),
    CHECK ((retired_at IS NULL) = (retired_by IS NULL))
) STRICT;

-- One card in use per diner; the retired ones stay, so a scan of an old code is answered by name.
CREATE UNIQUE INDEX diner_cards_in_use ON diner_cards(diner_id) WHERE retired_at IS NULL;

CREATE TRIGGER operator_keys_no_delete BEFORE DELETE ON operator_keys BEGIN
    SELECT RAISE(ABORT, 'keys are never deleted: remove them from service');
END;
CREATE TRIGGER operator_keys_retire_once BEFORE UPDATE ON operator_keys
WHEN OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.operator_id IS NOT OLD.operator_id OR NEW.key_type IS NOT OLD.key_type
    OR NEW.key_data IS NOT OLD.key_data OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.comment IS NOT OLD.comment
    OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by
BEGIN
    SELECT RAISE(ABORT, 'a key is only ever removed from service, once');
END;
CREATE TRIGGER diner_cards_no_delete BEFORE DELETE ON diner_cards BEGIN
    SELECT RAISE(ABORT, 'cards are never deleted: retire them');
END;
CREATE TRIGGER diner_cards_retire_once BEFORE UPDATE ON diner_cards
WHEN OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.diner_id IS NOT OLD.diner_id OR NEW.code IS NOT OLD.code
    OR NEW.issued_on IS NOT OLD.issued_on OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
BEGIN
    SELECT RAISE(ABORT, 'a card is only ever retired, once');
END;
