// The accounts store's schema, applied in order to PGlite and PostgreSQL alike. Append only: an
// applied migration is never edited (its checksum is recorded and checked at every start).
import type { Migration } from '../../../../lib/db/database';
import { eventOutboxMigration } from '../../../../lib/events';

const STATEMENT_PREFERENCES = `
-- the customer's choice of e-statements (paperless) or paper; accounts owns this fact.
-- report_due_at: loyalty has not yet acknowledged the switch to paperless (its engagement
-- points); reported_at: it has, and is never told again
CREATE TABLE statement_preferences (
  customer_id    TEXT PRIMARY KEY CHECK (length(customer_id) BETWEEN 1 AND 64),
  paperless      BOOLEAN NOT NULL,
  changed_at     TIMESTAMPTZ NOT NULL,
  report_due_at  TIMESTAMPTZ,
  report_attempts INTEGER NOT NULL DEFAULT 0,
  reported_at    TIMESTAMPTZ
);
CREATE INDEX statement_preferences_report_due ON statement_preferences (report_due_at) WHERE report_due_at IS NOT NULL;
`;

const CORE_MOVEMENTS = `
-- one row per transaction detail (TxDtls) of a booked entry the core notified (camt.054): a
-- batched entry (salary run, card settlement) gives several. The key makes a repeated
-- notification change nothing; account_key is the IBAN (or Othr/Id) of the notified account.
CREATE TABLE core_movements (
  account_key      TEXT NOT NULL CHECK (length(account_key) BETWEEN 1 AND 64),
  entry_reference  TEXT NOT NULL CHECK (length(entry_reference) BETWEEN 1 AND 64),
  detail_index     INTEGER NOT NULL CHECK (detail_index >= 0),
  amount_minor     BIGINT NOT NULL CHECK (amount_minor > 0),
  currency         TEXT NOT NULL CHECK (length(currency) = 3),
  credit_debit     TEXT NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
  booking_date     TEXT,
  value_date       TEXT,
  end_to_end_id    TEXT,
  transaction_id   TEXT,
  servicer_reference TEXT,
  counterparty_name TEXT,
  counterparty_iban TEXT,
  remittance       TEXT,
  bank_transaction_code TEXT,
  message_id       TEXT NOT NULL,
  received_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (account_key, entry_reference, detail_index)
);
-- entries of a notification that could not be applied (details not adding up, no reference, not
-- booked), kept with the reason for someone to look at; the rest of the message was applied
CREATE TABLE core_parked_entries (
  message_id       TEXT NOT NULL,
  record_index     INTEGER NOT NULL,
  entry_index      INTEGER NOT NULL,
  account_key      TEXT,
  entry_reference  TEXT,
  reason           TEXT NOT NULL,
  detail           TEXT NOT NULL,
  parked_at        TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (message_id, record_index, entry_index)
);
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 1, name: 'statement preferences', sql: STATEMENT_PREFERENCES },
  { id: 2, name: 'core movements', sql: CORE_MOVEMENTS },
  // TransactionBooked events, written with the movements (db/core-movements.ts onMovementsBooked)
  eventOutboxMigration(3),
]);
