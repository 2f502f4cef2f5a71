// The offers store's schema, applied in order to PGlite and PostgreSQL alike. Append only: an
// applied migration is never edited (its checksum is recorded and checked at every start).
import type { Migration } from '../../../../lib/db/database';
import { eventConsumerMigration, eventOutboxMigration } from '../../../../lib/events';

const RESPONSES_AND_OUTBOX = `
-- every offer shown at least once, with what accepting it would activate (cash-back terms)
CREATE TABLE offers_shown (
  offer_id       TEXT PRIMARY KEY CHECK (length(offer_id) BETWEEN 1 AND 200),
  customer_id    TEXT NOT NULL,
  kind           TEXT NOT NULL,
  terms          TEXT,
  first_shown_at TIMESTAMPTZ NOT NULL,
  last_shown_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX offers_shown_customer ON offers_shown (customer_id);

-- one row per offer per channel per time it was shown: what frequency caps count
CREATE TABLE impressions (
  id          BIGSERIAL PRIMARY KEY,
  offer_id    TEXT NOT NULL REFERENCES offers_shown (offer_id),
  customer_id TEXT NOT NULL,
  channel     TEXT NOT NULL,
  shown_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX impressions_customer_channel ON impressions (customer_id, channel, shown_at);

-- ACCEPT / DISMISS / SNOOZE as recorded; an offer is hidden while any response's hidden_until lies ahead
CREATE TABLE responses (
  id           TEXT PRIMARY KEY,
  offer_id     TEXT NOT NULL REFERENCES offers_shown (offer_id),
  customer_id  TEXT NOT NULL,
  response     TEXT NOT NULL CHECK (response IN ('ACCEPT', 'DISMISS', 'SNOOZE')),
  channel      TEXT NOT NULL,
  responded_at TIMESTAMPTZ NOT NULL,
  hidden_until TIMESTAMPTZ NOT NULL
);
CREATE INDEX responses_customer ON responses (customer_id, hidden_until);
CREATE INDEX responses_offer ON responses (offer_id, response, hidden_until);

-- messages to other services, written in the same transaction as the response that causes them
CREATE TABLE outbox (
  id              BIGSERIAL PRIMARY KEY,
  message_key     TEXT NOT NULL UNIQUE,
  destination     TEXT NOT NULL,
  payload         TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  lease_until     TIMESTAMPTZ,
  delivered_at    TIMESTAMPTZ,
  failed_at       TIMESTAMPTZ,
  last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
`;

const CHURN_FLAGS = `
-- the latest churn risk engagement raised per customer (ChurnRiskRaised, db/churn-flags.ts); an
-- older event arriving late does not replace a newer flag. reasons: JSON [{code, text}], strongest first
CREATE TABLE churn_flags (
  customer_id TEXT PRIMARY KEY,
  event_id    UUID NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  threshold   INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100),
  reasons     TEXT NOT NULL,
  raised_at   TIMESTAMPTZ NOT NULL
);
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 1, name: 'responses, impressions and outbox', sql: RESPONSES_AND_OUTBOX },
  // domain events (OfferActivated) written with the response that causes them (docs/events.md)
  eventOutboxMigration(2),
  // offers reads engagement's ChurnRiskRaised (adapters/churn-consumer.ts): processed ids, parked events, log positions
  eventConsumerMigration(3),
  { id: 4, name: 'churn flags', sql: CHURN_FLAGS },
]);
