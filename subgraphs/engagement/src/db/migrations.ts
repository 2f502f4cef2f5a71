// The engagement store's schema, applied in order to PGlite and PostgreSQL alike. Append only: an
// applied migration is never edited (its checksum is recorded and checked at every start).
import type { Migration } from '../../../../lib/db/database';
import { eventConsumerMigration, eventOutboxMigration } from '../../../../lib/events';

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

const CUSTOMER_FACTS = `
-- engagement's own view of each customer, kept from domain events (db/customer-facts.ts): one row
-- per customer any event named (the segment "everyone known"); tier with the time it was seen
CREATE TABLE customer_facts (
  customer_id    TEXT PRIMARY KEY,
  tier           TEXT,
  tier_seen_at   TIMESTAMPTZ,
  last_active_at TIMESTAMPTZ,
  updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_facts_active ON customer_facts (last_active_at);
-- products (account types) seen on the customer's bookings
CREATE TABLE customer_products (
  customer_id  TEXT NOT NULL REFERENCES customer_facts (customer_id),
  product      TEXT NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, product)
);
-- card purchases per UTC day and category; spend in the home currency only (minor units)
CREATE TABLE card_activity_daily (
  customer_id TEXT NOT NULL REFERENCES customer_facts (customer_id),
  day         DATE NOT NULL,
  category    TEXT NOT NULL,
  purchases   INTEGER NOT NULL CHECK (purchases >= 0),
  spend_minor BIGINT NOT NULL CHECK (spend_minor >= 0),
  PRIMARY KEY (customer_id, day, category)
);
CREATE INDEX card_activity_daily_day ON card_activity_daily (day);
-- card purchases per UTC day and merchant city (lower-cased), for "where the customer spends most"
CREATE TABLE card_city_daily (
  customer_id TEXT NOT NULL REFERENCES customer_facts (customer_id),
  day         DATE NOT NULL,
  city        TEXT NOT NULL,
  purchases   INTEGER NOT NULL CHECK (purchases >= 0),
  spend_minor BIGINT NOT NULL CHECK (spend_minor >= 0),
  PRIMARY KEY (customer_id, day, city)
);
CREATE INDEX card_city_daily_day ON card_city_daily (day);
-- the events already applied (an event delivered twice counts once), and for a card purchase what it
-- added (under its envelope key) so its reversal can take it back; pruned with the daily rows
CREATE TABLE facts_applied (
  event_id    TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  applied_at  TIMESTAMPTZ NOT NULL,
  event_key   TEXT,
  day         DATE,
  category    TEXT,
  city        TEXT,
  spend_minor BIGINT
);
CREATE INDEX facts_applied_at ON facts_applied (applied_at);
CREATE INDEX facts_applied_key ON facts_applied (event_key) WHERE event_key IS NOT NULL;
-- RETENTION: the trigger id chosen for a customer (one per 90 days), handled_at once the engine took it
CREATE TABLE retention_claims (
  customer_id TEXT NOT NULL,
  trigger_id  TEXT PRIMARY KEY,
  claimed_at  TIMESTAMPTZ NOT NULL,
  handled_at  TIMESTAMPTZ
);
CREATE INDEX retention_claims_customer ON retention_claims (customer_id, claimed_at DESC);
`;

const CAMPAIGNS = `
-- staff campaigns (db/campaign-store.ts): SCHEDULED until send_at, then SENDING under one sender's
-- lease (lease_until; another takes over once it lapses), then SENT; CANCELLED only from SCHEDULED
CREATE TABLE campaigns (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  segment      TEXT NOT NULL,
  message      TEXT NOT NULL,
  send_at      TIMESTAMPTZ NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('SCHEDULED', 'SENDING', 'SENT', 'CANCELLED')),
  created_by   TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  cancelled_by TEXT,
  cancelled_at TIMESTAMPTZ,
  started_at   TIMESTAMPTZ,
  finished_at  TIMESTAMPTZ,
  lease_owner  TEXT,
  lease_until  TIMESTAMPTZ
);
CREATE INDEX campaigns_due ON campaigns (send_at) WHERE status IN ('SCHEDULED', 'SENDING');
CREATE INDEX campaigns_list ON campaigns (created_at DESC, id DESC);
-- each customer the sender handed to the engine (trigger id campaign:<id>:<customer>) and what
-- the engine decided: the campaign's counts, and where a resumed send picks up
CREATE TABLE campaign_recipients (
  campaign_id TEXT NOT NULL REFERENCES campaigns (id),
  customer_id TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('SENT', 'SUPPRESSED')),
  rule        TEXT,
  PRIMARY KEY (campaign_id, customer_id)
);
`;

const STAFF_READS = `
-- "who looked at my data" (db/staff-read-store.ts): one row per staff operation (the gateway's
-- audit record, by request id) and customer it named. The raw staff subject is kept for the
-- bank's auditors; customers only ever see its pseudonym (domain/staff-pseudonym.ts).
CREATE TABLE staff_reads (
  seq            BIGSERIAL PRIMARY KEY,
  request_id     TEXT NOT NULL,
  customer_id    TEXT NOT NULL,
  read_at        TIMESTAMPTZ NOT NULL,
  staff_subject  TEXT NOT NULL,
  client         TEXT,
  operation_name TEXT,
  operation_hash TEXT NOT NULL,
  recorded_at    TIMESTAMPTZ NOT NULL,
  UNIQUE (request_id, customer_id)
);
CREATE INDEX staff_reads_customer ON staff_reads (customer_id, read_at DESC, seq DESC);
`;

const CONTACTS = `
-- contacts (db/contact-store.ts, domain/contacts.ts): an agent's (agent set, self_service false) or a
-- kiosk / visual IVR session the customer ran alone (self_service true, no agent); open while
-- ended_at is null. first_response_at is the first agent action's time. The reasons and actions are
-- closed lists (no free text: nothing personal beyond the customer id)
CREATE TABLE contacts (
  id                TEXT PRIMARY KEY,
  customer_id       TEXT NOT NULL,
  channel           TEXT NOT NULL CHECK (channel IN ('PHONE', 'CHAT', 'BRANCH', 'KIOSK', 'VISUAL_IVR')),
  self_service      BOOLEAN NOT NULL,
  agent             TEXT,
  reasons           TEXT NOT NULL,
  started_at        TIMESTAMPTZ NOT NULL,
  first_response_at TIMESTAMPTZ,
  ended_at          TIMESTAMPTZ,
  resolved          BOOLEAN,
  ended_by          TEXT,
  action_count      INTEGER NOT NULL DEFAULT 0,
  CHECK (self_service = (channel IN ('KIOSK', 'VISUAL_IVR'))),
  CHECK (self_service = (agent IS NULL)),
  CHECK ((ended_at IS NULL) = (resolved IS NULL)),
  CHECK (NOT self_service OR first_response_at IS NULL)
);
-- a customer's contacts, newest first (Customer.contacts), and the contacts of a period (metrics)
CREATE INDEX contacts_customer ON contacts (customer_id, started_at DESC, id DESC);
CREATE INDEX contacts_started ON contacts (started_at);
-- every agent action, in order (seq 1 is the first response)
CREATE TABLE contact_actions (
  contact_id TEXT NOT NULL REFERENCES contacts (id),
  seq        INTEGER NOT NULL,
  action     TEXT NOT NULL,
  agent      TEXT NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (contact_id, seq)
);
`;

const FEEDBACK = `
-- feedback requests and answers (db/feedback-store.ts, domain/feedback.ts): one per moment (the id
-- is derived from moment_type and moment_ref), answered at most once. channel is the contact's, or
-- APP for transfers and redemptions; segment the customer's tier when asked, when known. The CX
-- metrics read kind, channel, score and the times, and moment_ref (a contact id) for contacts
CREATE TABLE feedback_requests (
  id           TEXT PRIMARY KEY,
  customer_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('CSAT', 'CES', 'NPS')),
  moment_type  TEXT NOT NULL CHECK (moment_type IN ('CONTACT', 'SELF_SERVICE', 'TRANSFER', 'REDEMPTION')),
  moment_ref   TEXT NOT NULL,
  channel      TEXT NOT NULL CHECK (channel IN ('PHONE', 'CHAT', 'BRANCH', 'KIOSK', 'VISUAL_IVR', 'APP')),
  segment      TEXT,
  requested_at TIMESTAMPTZ NOT NULL,
  answered_at  TIMESTAMPTZ,
  score        INTEGER,
  comment      TEXT,
  UNIQUE (moment_type, moment_ref),
  CHECK ((answered_at IS NULL) = (score IS NULL)),
  CHECK (answered_at IS NOT NULL OR comment IS NULL),
  CHECK (score IS NULL OR (kind = 'CSAT' AND score BETWEEN 1 AND 5) OR (kind = 'CES' AND score BETWEEN 1 AND 7) OR (kind = 'NPS' AND score BETWEEN 0 AND 10))
);
-- a customer's requests, newest first (Customer.feedbackRequests), and their last NPS (the 90-day rule)
CREATE INDEX feedback_requests_customer ON feedback_requests (customer_id, requested_at DESC, id DESC);
CREATE INDEX feedback_requests_nps ON feedback_requests (customer_id, requested_at) WHERE kind = 'NPS';
-- the requests of a period (CX metrics)
CREATE INDEX feedback_requests_requested ON feedback_requests (requested_at);
`;

const ABANDONED_SESSIONS = `
-- a self-service session the device never ended, ended by the housekeeping pass
-- (adapters/contact-housekeeping.ts): unresolved, and marked so it reads as walked away from
ALTER TABLE contacts ADD COLUMN abandoned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE contacts ADD CONSTRAINT contacts_abandoned CHECK (NOT abandoned OR (self_service AND resolved = FALSE));
-- the open sessions the pass looks for, oldest first
CREATE INDEX contacts_open_self_service ON contacts (started_at) WHERE self_service AND ended_at IS NULL;
`;

const CHURN = `
-- churn early warning (domain/churn.ts, db/churn-store.ts): salary credits and credit transfers per
-- UTC day in the home currency (from TransactionBooked booking codes; pruned with the daily card rows)
CREATE TABLE money_flow_daily (
  customer_id         TEXT NOT NULL REFERENCES customer_facts (customer_id),
  day                 DATE NOT NULL,
  salary_credits      INTEGER NOT NULL DEFAULT 0 CHECK (salary_credits >= 0),
  salary_minor        BIGINT NOT NULL DEFAULT 0 CHECK (salary_minor >= 0),
  transfers_out_minor BIGINT NOT NULL DEFAULT 0 CHECK (transfers_out_minor >= 0),
  transfers_in_minor  BIGINT NOT NULL DEFAULT 0 CHECK (transfers_in_minor >= 0),
  PRIMARY KEY (customer_id, day)
);
CREATE INDEX money_flow_daily_day ON money_flow_daily (day);
-- a home-currency CURRENT or SAVINGS account's booked balance after the day's latest booking (an
-- account's newest row is kept past the kept days: its balance holds until the next booking)
CREATE TABLE account_balance_daily (
  customer_id       TEXT NOT NULL REFERENCES customer_facts (customer_id),
  account_id        TEXT NOT NULL,
  account_type      TEXT NOT NULL CHECK (account_type IN ('CURRENT', 'SAVINGS')),
  day               DATE NOT NULL,
  balance_minor     BIGINT NOT NULL,
  last_amount_minor BIGINT NOT NULL,
  booked_at         TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, account_id, day)
);
-- each customer's current score (reasons as JSON, with their figures); raised_at set when it last
-- crossed the threshold upwards, cleared when it fell below
CREATE TABLE churn_scores (
  customer_id  TEXT PRIMARY KEY,
  score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  reasons      TEXT NOT NULL,
  threshold    INTEGER NOT NULL,
  evaluated_at TIMESTAMPTZ NOT NULL,
  raised_at    TIMESTAMPTZ
);
CREATE INDEX churn_scores_rank ON churn_scores (score DESC, customer_id);
-- the agent tasks: one per upward crossing, written with its ChurnRiskRaised event
CREATE TABLE churn_tasks (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  score       INTEGER NOT NULL,
  reasons     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX churn_tasks_customer ON churn_tasks (customer_id, created_at DESC);
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
  // engagement's view of each customer from events (db/customer-facts.ts), segments and RETENTION
  { id: 7, name: 'customer facts', sql: CUSTOMER_FACTS },
  // staff campaigns (domain/campaign.ts, db/campaign-store.ts, adapters/campaign-sender.ts)
  { id: 8, name: 'campaigns', sql: CAMPAIGNS },
  // contacts with agents and self-service sessions (domain/contacts.ts, db/contact-store.ts)
  { id: 9, name: 'contacts', sql: CONTACTS },
  // the customer-facing staff reads the gateway records before a staff operation runs (db/staff-read-store.ts)
  { id: 10, name: 'staff reads', sql: STAFF_READS },
  // feedback requests after chosen moments and their answers (domain/feedback.ts, db/feedback-store.ts)
  { id: 11, name: 'feedback', sql: FEEDBACK },
  // engagement as a producer: FeedbackGiven written with the answer (db/feedback-store.ts), relayed by startEventRelay
  eventOutboxMigration(12),
  // self-service sessions ended by the housekeeping pass when the device never ended them
  { id: 13, name: 'abandoned self-service sessions', sql: ABANDONED_SESSIONS },
  // churn early warning: money flows, balances, scores and agent tasks (domain/churn.ts, db/churn-store.ts)
  { id: 14, name: 'churn early warning', sql: CHURN },
]);
