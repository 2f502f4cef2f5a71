// The engagement store's schema, applied in order to PGlite and PostgreSQL alike. Append only: an
// applied migration is never edited (its checksum is recorded and checked at every start).
import type { Migration } from '../../../../lib/db/database';
import { eventConsumerMigration } from '../../../../lib/events';

const PREFERENCES = `
-- one row per customer the engine or the customer ever touched; the row is also the customer's
-- lock: deciding a message and changing a setting both take it FOR UPDATE
CREATE TABLE preferences (
  customer_id       TEXT PRIMARY KEY,
  time_zone         TEXT NOT NULL DEFAULT 'UTC',
  quiet_start       TEXT CHECK (quiet_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
  quiet_end         TEXT CHECK (quiet_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
  locale            TEXT NOT NULL DEFAULT 'en',
  marketing_consent BOOLEAN NOT NULL DEFAULT FALSE,
  version           INTEGER NOT NULL DEFAULT 0,
  updated_at        TIMESTAMPTZ,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- the customer's explicit choices; a topic x channel pair without a row keeps its default
CREATE TABLE channel_preferences (
  customer_id TEXT NOT NULL REFERENCES preferences (customer_id),
  topic       TEXT NOT NULL,
  channel     TEXT NOT NULL,
  enabled     BOOLEAN NOT NULL,
  PRIMARY KEY (customer_id, topic, channel)
);

-- every choice as made, append-only: version n is the customer's n-th change
CREATE TABLE preference_audit (
  customer_id TEXT NOT NULL REFERENCES preferences (customer_id),
  version     INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('CHANNEL', 'QUIET_HOURS', 'MARKETING_CONSENT', 'LOCALE')),
  detail      TEXT NOT NULL,
  via         TEXT NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, version)
);
`;

const MESSAGES = `
-- one row per trigger handled (its id is the trigger's, so an event handled twice is decided once)
CREATE TABLE messages (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES preferences (customer_id),
  kind        TEXT NOT NULL,
  topic       TEXT NOT NULL,
  class       TEXT NOT NULL CHECK (class IN ('SERVICE', 'SECURITY', 'MARKETING')),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  locale      TEXT NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('LTR', 'RTL')),
  occurred_at TIMESTAMPTZ NOT NULL,
  decided_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_customer_class ON messages (customer_id, class, decided_at);

-- what the rules decided on every channel, suppressed ones with the rule that stopped them
CREATE TABLE decisions (
  message_id TEXT NOT NULL REFERENCES messages (id),
  channel    TEXT NOT NULL,
  outcome    TEXT NOT NULL CHECK (outcome IN ('SENT', 'DEFERRED', 'SUPPRESSED')),
  rule       TEXT,
  deliver_at TIMESTAMPTZ,
  PRIMARY KEY (message_id, channel),
  CHECK ((outcome = 'SENT') = (rule IS NULL)),
  CHECK ((outcome = 'SUPPRESSED') = (deliver_at IS NULL))
);

-- the in-app inbox: a message delivered to the app, visible from visible_at (the end of quiet hours)
CREATE TABLE inbox (
  seq         BIGSERIAL PRIMARY KEY,
  message_id  TEXT NOT NULL UNIQUE REFERENCES messages (id),
  customer_id TEXT NOT NULL,
  visible_at  TIMESTAMPTZ NOT NULL,
  read_at     TIMESTAMPTZ
);
CREATE INDEX inbox_customer ON inbox (customer_id, visible_at DESC, seq DESC);
CREATE INDEX inbox_unread ON inbox (customer_id, visible_at) WHERE read_at IS NULL;

-- every delivery attempt on every channel, failed ones with the error's name
CREATE TABLE delivery_attempts (
  id           BIGSERIAL PRIMARY KEY,
  message_id   TEXT NOT NULL REFERENCES messages (id),
  channel      TEXT NOT NULL,
  attempted_at TIMESTAMPTZ NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED')),
  error        TEXT
);
CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, channel);
`;

const DELIVERY_OUTBOX = `
-- push, email and SMS messages to send, written with their decision; due at next_attempt_at (first:
-- the decision's deliver_at), claimed under a lease by one dispatcher at a time
CREATE TABLE delivery_outbox (
  id              BIGSERIAL PRIMARY KEY,
  message_id      TEXT NOT NULL REFERENCES messages (id),
  channel         TEXT NOT NULL CHECK (channel IN ('PUSH', 'EMAIL', 'SMS')),
  created_at      TIMESTAMPTZ NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  lease_until     TIMESTAMPTZ,
  delivered_at    TIMESTAMPTZ,
  failed_at       TIMESTAMPTZ,
  last_error      TEXT,
  UNIQUE (message_id, channel)
);
CREATE INDEX delivery_outbox_due ON delivery_outbox (channel, next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- each channel's token bucket, shared by every replica (locked while a dispatcher claims)
CREATE TABLE delivery_rate (
  channel     TEXT PRIMARY KEY,
  tokens      DOUBLE PRECISION NOT NULL,
  refilled_at TIMESTAMPTZ NOT NULL
);
`;

const RELEASE_CHECKS = `
-- an inbox message held by quiet hours is unreleased until the settings in force at their end let it show
ALTER TABLE inbox ADD COLUMN released BOOLEAN NOT NULL DEFAULT true;
CREATE INDEX inbox_unreleased ON inbox (customer_id, visible_at) WHERE NOT released;
-- an outbox row the settings in force when it came due no longer allow: closed, never sent
ALTER TABLE delivery_outbox ADD COLUMN suppressed_at TIMESTAMPTZ;
DROP INDEX delivery_outbox_due;
CREATE INDEX delivery_outbox_due ON delivery_outbox (channel, next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL AND suppressed_at IS NULL;
`;

const LOW_BALANCE_ALERTS = `
-- the customer's low-balance thresholds: one per account, and one for all accounts (account_id '')
CREATE TABLE low_balance_alerts (
  customer_id     TEXT NOT NULL REFERENCES preferences (customer_id),
  account_id      TEXT NOT NULL,
  threshold_minor BIGINT NOT NULL CHECK (threshold_minor > 0),
  currency        TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  PRIMARY KEY (customer_id, account_id)
);
ALTER TABLE preference_audit DROP CONSTRAINT preference_audit_kind_check;
ALTER TABLE preference_audit ADD CONSTRAINT preference_audit_kind_check
  CHECK (kind IN ('CHANNEL', 'QUIET_HOURS', 'MARKETING_CONSENT', 'LOCALE', 'LOW_BALANCE_ALERT'));
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 1, name: 'preferences and their audit', sql: PREFERENCES },
  { id: 2, name: 'messages, decisions, inbox, delivery attempts', sql: MESSAGES },
  // positions in the producers' logs and parked events of the event consumer (adapters/event-consumer.ts)
  eventConsumerMigration(3),
  // push, email and SMS through the delivery outbox (db/delivery-outbox.ts, adapters/delivery-dispatcher.ts)
  { id: 4, name: 'delivery outbox and rate buckets', sql: DELIVERY_OUTBOX },
  // a held message is decided again when it goes out (MessageStore.release, DeliveryOutbox.claim)
  { id: 5, name: 'release checks for held messages', sql: RELEASE_CHECKS },
  // LOW_BALANCE from TransactionBooked (domain/low-balance.ts), set with setLowBalanceAlert
  { id: 6, name: 'low-balance alerts', sql: LOW_BALANCE_ALERTS },
]);
