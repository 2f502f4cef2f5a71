// The one list of schema changes, applied in order to PGlite and PostgreSQL alike. Append only:
// an applied migration is never edited (its checksum is recorded and checked at every start).

import type { Migration } from '../../../../lib/db/database';
import { eventConsumerMigration, eventOutboxMigration } from '../../../../lib/events';

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

// Card advices, boosts, redemptions and settlements: the programme's working state beside the
// ledger. Unlike the ledger these rows change status; money and points move only in the ledger.
const PROGRAMME = `
CREATE TABLE card_events (
  event_key     TEXT PRIMARY KEY CHECK (length(event_key) BETWEEN 1 AND 200),
  kind          TEXT NOT NULL CHECK (kind IN ('AUTHORISATION', 'FINANCIAL', 'REVERSAL')),
  customer_id   TEXT NOT NULL,
  card_id       TEXT NOT NULL,
  amount_minor  BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency      TEXT NOT NULL,
  mcc           TEXT NOT NULL,
  merchant_id   TEXT NOT NULL,
  match_ref     TEXT,
  original_key  TEXT,
  occurred_at   TIMESTAMPTZ NOT NULL,
  received_at   TIMESTAMPTZ NOT NULL,
  -- APPLIED | HELD (reversal waiting for its original) | OPEN (authorisation hold) | RELEASED (hold ended) | REVERSED
  status        TEXT NOT NULL,
  journal_key   TEXT
);
CREATE INDEX card_events_original ON card_events (original_key) WHERE original_key IS NOT NULL;
CREATE INDEX card_events_open_auth ON card_events (customer_id, status) WHERE kind = 'AUTHORISATION';
CREATE INDEX card_events_customer_time ON card_events (customer_id, occurred_at);
-- an original is reversed at most once, whatever the number of reversal advices naming it
CREATE UNIQUE INDEX card_events_one_reversal ON card_events (original_key) WHERE kind = 'REVERSAL' AND status = 'APPLIED';

CREATE TABLE cashback_boosts (
  activation_id   TEXT PRIMARY KEY CHECK (length(activation_id) BETWEEN 1 AND 200),
  fingerprint     TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  partner_id      TEXT NOT NULL,
  merchant_ids    TEXT[] NOT NULL,
  rate_bp         INTEGER NOT NULL CHECK (rate_bp > 0 AND rate_bp <= 10000),
  valid_from      TIMESTAMPTZ NOT NULL,
  valid_until     TIMESTAMPTZ NOT NULL CHECK (valid_until > valid_from),
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cashback_boosts_customer ON cashback_boosts (customer_id, valid_until);

CREATE TABLE redemptions (
  redemption_key  TEXT PRIMARY KEY,
  customer_id     TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
  result          TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE settlements (
  customer_id     TEXT NOT NULL,
  currency        TEXT NOT NULL,
  business_date   DATE NOT NULL,
  amount_minor    BIGINT NOT NULL CHECK (amount_minor > 0),
  account_id      TEXT NOT NULL,
  reference       TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL CHECK (status IN ('PENDING', 'PAID')),
  core_txn_id     TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, currency, business_date)
);
`;

// The balance check names the rule it enforces (the error's constraint field), so the ledger tells
// its refusal apart from other check violations by that name instead of by the message text.
const NAMED_BALANCE_CHECK = `
CREATE OR REPLACE FUNCTION ledger_check_journal() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
DECLARE
  jid BIGINT;
BEGIN
  IF TG_TABLE_NAME = 'journals' THEN jid := NEW.id; ELSE jid := NEW.journal_id; END IF;
  IF (SELECT count(*) FROM postings WHERE journal_id = jid) < 2 THEN
    RAISE EXCEPTION 'journal % has fewer than two postings', jid USING ERRCODE = '23514', CONSTRAINT = 'journal_has_two_postings';
  END IF;
  IF EXISTS (
    SELECT 1 FROM postings WHERE journal_id = jid GROUP BY unit
    HAVING sum(CASE WHEN side = 'D' THEN amount ELSE 0 END) <> sum(CASE WHEN side = 'C' THEN amount ELSE 0 END)
  ) THEN
    RAISE EXCEPTION 'journal % does not balance', jid USING ERRCODE = '23514', CONSTRAINT = 'journal_balances';
  END IF;
  RETURN NULL;
END
$fn$;
`;

// Partial reversals (field 95): an original records how much of it reversals have undone, never
// more than its amount, so several reversals may now apply to one original. A reversal that names
// an original on another card or for more than is left is kept as UNMATCHED (with why), moving nothing.
const REVERSAL_AMOUNTS = `
DROP INDEX card_events_one_reversal;
ALTER TABLE card_events
  ADD COLUMN reversed_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN replacement_minor BIGINT,
  ADD COLUMN refusal TEXT,
  ADD CONSTRAINT card_events_reversed_within CHECK (reversed_minor >= 0 AND reversed_minor <= amount_minor),
  ADD CONSTRAINT card_events_replacement CHECK (replacement_minor IS NULL OR (kind = 'REVERSAL' AND replacement_minor BETWEEN 0 AND amount_minor)),
  ADD CONSTRAINT card_events_refusal CHECK ((status = 'UNMATCHED') = (refusal IS NOT NULL) AND (refusal IS NULL OR refusal IN ('UNMATCHED', 'EXCEEDS_ORIGINAL')));
UPDATE card_events SET reversed_minor = amount_minor WHERE status = 'REVERSED' AND kind <> 'REVERSAL';
`;

const REDEMPTION_PAYMENT = `
ALTER TABLE redemptions
  ADD COLUMN pay_from_account TEXT,
  ADD COLUMN pay_to_account   TEXT,
  ADD COLUMN pay_amount_minor BIGINT CHECK (pay_amount_minor > 0),
  ADD COLUMN pay_currency     TEXT,
  ADD COLUMN pay_reference    TEXT UNIQUE;
CREATE INDEX redemptions_pending ON redemptions (status) WHERE status = 'PENDING';
CREATE INDEX settlements_pending ON settlements (customer_id, currency) WHERE status = 'PENDING';
`;

// A card purchase in another currency earns on its amount in the programme currency: the journal
// records the rate used, where it came from (the card network's billing amount or the core's dated
// table), the rate's date and the amount before conversion. All five or none.
const JOURNAL_CONVERSION = `
ALTER TABLE journals
  ADD COLUMN fx_rate TEXT CHECK (fx_rate ~ '^[0-9]+(\\.[0-9]+)?$'),
  ADD COLUMN fx_source TEXT CHECK (fx_source IN ('CARDHOLDER_BILLING', 'CORE_FX')),
  ADD COLUMN fx_rate_date DATE,
  ADD COLUMN original_amount_minor BIGINT CHECK (original_amount_minor >= 0),
  ADD COLUMN original_currency TEXT CHECK (original_currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT journals_conversion_whole CHECK (
    (fx_rate IS NULL) = (fx_source IS NULL) AND (fx_rate IS NULL) = (fx_rate_date IS NULL)
    AND (fx_rate IS NULL) = (original_amount_minor IS NULL) AND (fx_rate IS NULL) = (original_currency IS NULL));
`;

// The daily jobs' runs, one row per job and day: the row's primary key is the claim, so of several
// replicas started at the same instant one runs each job; a lease, so a runner that dies holding a
// claim blocks it only until the lease runs out (db/daily-job-runs.ts).
const DAILY_JOB_RUNS = `
CREATE TABLE daily_job_runs (
  job         TEXT NOT NULL CHECK (job ~ '^[a-z][a-z-]*$'),
  run_date    DATE NOT NULL,
  runner      TEXT NOT NULL CHECK (length(runner) BETWEEN 1 AND 200),
  claimed_at  TIMESTAMPTZ NOT NULL,
  lease_until TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  PRIMARY KEY (job, run_date)
);
`;

// The expiry warnings given (db/points-expiry-warnings.ts): one per customer and expiry date, the
// key that makes the warning pass idempotent; event_id is the PointsExpiring written with the row.
const POINTS_EXPIRY_WARNINGS = `
CREATE TABLE points_expiry_warnings (
  customer_id TEXT NOT NULL,
  expires_on  DATE NOT NULL,
  points      BIGINT NOT NULL CHECK (points > 0),
  event_id    UUID NOT NULL UNIQUE,
  warned_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, expires_on)
);
`;

/** The constraint names the ledger's balance trigger reports (migration 4). */
export const BALANCE_CONSTRAINTS: ReadonlySet<string> = new Set(['journal_has_two_postings', 'journal_balances']);

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 1, name: 'double-entry ledger', sql: LEDGER },
  { id: 2, name: 'card events, boosts, redemptions, settlements', sql: PROGRAMME },
  // one request at a time works on a redemption: a lease, so a crashed worker's claim runs out
  { id: 3, name: 'redemption lease', sql: `ALTER TABLE redemptions ADD COLUMN lease_until TIMESTAMPTZ;` },
  { id: 4, name: 'named balance check', sql: NAMED_BALANCE_CHECK },
  // the payment a cash redemption sends, recorded with its debit: a retry or the reconciliation
  // resends exactly it (same reference, account and amount), never one rebuilt from a later state
  { id: 5, name: 'redemption payment', sql: REDEMPTION_PAYMENT },
  { id: 6, name: 'reversals matched by card and amount', sql: REVERSAL_AMOUNTS },
  { id: 7, name: 'journal currency conversion', sql: JOURNAL_CONVERSION },
  // several replicas on one PostgreSQL: each day's settlement, reconciliation, hold release and expiry run once
  { id: 8, name: 'daily job runs', sql: DAILY_JOB_RUNS },
  // domain events (CardPurchaseRecorded, PointsChanged, ...) written with the journals that cause them (docs/events.md)
  eventOutboxMigration(9),
  // PointsExpiring: one warning per customer and expiry date
  { id: 10, name: 'points expiry warnings', sql: POINTS_EXPIRY_WARNINGS },
  // loyalty reads events too (engagement's FeedbackGiven: adapters/event-consumer.ts): what it applied, parked and read up to
  eventConsumerMigration(11),
]);
