// The one list of schema changes, applied in order to PGlite and PostgreSQL alike. Append only:
// an applied migration is never edited (its checksum is recorded and checked at every start).

import type { Migration } from '../../../../lib/db/database';

export type { Migration };

const LEDGER = `
CREATE TABLE ledger_accounts (
  id          BIGSERIAL PRIMARY KEY,
  code        TEXT NOT NULL,
  customer_id TEXT,
  unit        TEXT NOT NULL CHECK (unit ~ '^[A-Z]{3}$'),
  normal_side CHAR(1) NOT NULL CHECK (normal_side IN ('D', 'C')),
  non_negative BOOLEAN NOT NULL,
  opened_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- customer accounts name their customer; programme accounts belong to nobody
  CONSTRAINT ledger_accounts_owner CHECK ((code LIKE 'CUSTOMER\\_%') = (customer_id IS NOT NULL)),
  -- lets postings prove by foreign key that they are in the account's unit
  CONSTRAINT ledger_accounts_id_unit UNIQUE (id, unit)
);
CREATE UNIQUE INDEX ledger_accounts_customer_key ON ledger_accounts (code, customer_id, unit) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_accounts_programme_key ON ledger_accounts (code, unit) WHERE customer_id IS NULL;

CREATE TABLE journals (
  id              BIGSERIAL PRIMARY KEY,
  idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  fingerprint     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind ~ '^[A-Z][A-Z_]*$'),
  customer_id     TEXT,
  business_date   DATE NOT NULL,
  description     TEXT NOT NULL,
  posted_at       TIMESTAMPTZ NOT NULL,
  recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT journals_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX journals_customer_day ON journals (customer_id, business_date);

CREATE TABLE postings (
  id         BIGSERIAL PRIMARY KEY,
  journal_id BIGINT NOT NULL REFERENCES journals (id),
  account_id BIGINT NOT NULL,
  unit       TEXT NOT NULL,
  side       CHAR(1) NOT NULL CHECK (side IN ('D', 'C')),
  amount     BIGINT NOT NULL CHECK (amount > 0),
  CONSTRAINT postings_account_unit FOREIGN KEY (account_id, unit) REFERENCES ledger_accounts (id, unit)
);
CREATE INDEX postings_account ON postings (account_id);
CREATE INDEX postings_journal ON postings (journal_id);

-- The ledger is append-only: corrections are new journals, never edits.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ledger table % is append-only', TG_TABLE_NAME USING ERRCODE = '55000';
END
$fn$;
CREATE TRIGGER journals_append_only BEFORE UPDATE OR DELETE ON journals FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journals_no_truncate BEFORE TRUNCATE ON journals FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_append_only BEFORE UPDATE OR DELETE ON ledger_accounts FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Checked at commit, whatever code wrote the rows: every journal has postings and, per unit,
-- its debits equal its credits.
CREATE FUNCTION ledger_check_journal() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
DECLARE
  jid BIGINT;
BEGIN
  IF TG_TABLE_NAME = 'journals' THEN jid := NEW.id; ELSE jid := NEW.journal_id; END IF;
  IF (SELECT count(*) FROM postings WHERE journal_id = jid) < 2 THEN
    RAISE EXCEPTION 'journal % has fewer than two postings', jid USING ERRCODE = '23514';
  END IF;
  IF EXISTS (
    SELECT 1 FROM postings WHERE journal_id = jid GROUP BY unit
    HAVING sum(CASE WHEN side = 'D' THEN amount ELSE 0 END) <> sum(CASE WHEN side = 'C' THEN amount ELSE 0 END)
  ) THEN
    RAISE EXCEPTION 'journal % does not balance', jid USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END
$fn$;
CREATE CONSTRAINT TRIGGER journals_balanced AFTER INSERT ON journals DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_check_journal();
CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_check_journal();
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([{ id: 1, name: 'double-entry ledger', sql: LEDGER }]);
