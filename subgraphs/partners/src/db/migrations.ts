// The one list of schema changes, applied in order to PGlite and PostgreSQL alike. Append only:
// an applied migration is never edited (its checksum is recorded and checked at every start).

import type { Migration } from '../../../../lib/db/database';

export type { Migration };

const CATALOGUE = `
CREATE TABLE partners (
  id                 TEXT PRIMARY KEY CHECK (id ~ '^P-[A-Z0-9-]{1,40}$'),
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- a CHECK rather than a PostgreSQL enum: adding a category is one migration either way, and
  -- the values are the GraphQL enum's, so resolvers pass them through unchanged
  category           TEXT NOT NULL CHECK (category IN ('RIDE_HAILING', 'COFFEE', 'GROCERIES', 'TRAVEL', 'STREAMING', 'EVENTS', 'DINING')),
  logo_url           TEXT NOT NULL CHECK (logo_url ~ '^https://'),
  -- percent of the purchase; NUMERIC so it never passes through a float
  earn_boost_percent NUMERIC(5, 2) CHECK (earn_boost_percent > 0 AND earn_boost_percent <= 100),
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX partners_category ON partners (category, name);

-- one row per card-network merchant id: a merchant belongs to at most one partner, which is
-- what lets the card feed attribute a purchase to a partner without ambiguity
CREATE TABLE partner_merchants (
  merchant_id TEXT PRIMARY KEY CHECK (merchant_id ~ '^M-[A-Z0-9-]{1,40}$'),
  partner_id  TEXT NOT NULL REFERENCES partners (id)
);
CREATE INDEX partner_merchants_partner ON partner_merchants (partner_id);

CREATE TABLE rewards (
  id           TEXT PRIMARY KEY CHECK (id ~ '^R-[A-Z0-9-]{1,40}$'),
  partner_id   TEXT NOT NULL REFERENCES partners (id),
  kind         TEXT NOT NULL CHECK (kind IN ('VOUCHER', 'CREDIT', 'EXPERIENCE')),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  points_price INTEGER NOT NULL CHECK (points_price > 0),
  stock        INTEGER NOT NULL CHECK (stock >= 0)
);
CREATE INDEX rewards_partner ON rewards (partner_id, points_price);

-- which one-off data loads have run, so a restart never re-applies one (and never restocks
-- rewards that customers have redeemed since)
CREATE TABLE seed_runs (
  name       TEXT PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`;

const REDEMPTION_CONSENT_APPS = `
-- the multiplier of loyalty's base earning at this partner's merchants ("1" = no boost); what
-- loyalty reads from /internal/partners/merchants (earn_boost_percent stays the display figure)
ALTER TABLE partners ADD COLUMN earn_boost NUMERIC(4, 2) NOT NULL DEFAULT 1 CHECK (earn_boost >= 1 AND earn_boost <= 20);

-- one row per issued reward: the idempotency key is the primary key, so a retried issue finds its
-- row instead of taking stock twice; a release marks the row and gives the unit back once
CREATE TABLE reward_issues (
  idempotency_key TEXT PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  reward_id       TEXT NOT NULL REFERENCES rewards (id),
  customer_id     TEXT NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 64),
  voucher_code    TEXT NOT NULL UNIQUE,
  points_price    INTEGER NOT NULL CHECK (points_price > 0),
  issued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  released_at     TIMESTAMPTZ
);
CREATE INDEX reward_issues_customer ON reward_issues (customer_id, issued_at);

-- the consent in force per customer and partner; its row lock serializes changes, which is what
-- keeps versions gap-free under concurrent grants and revocations
CREATE TABLE partner_consents (
  customer_id TEXT NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 64),
  partner_id  TEXT NOT NULL REFERENCES partners (id),
  version     INTEGER NOT NULL CHECK (version > 0),
  scopes      TEXT[] NOT NULL CHECK (scopes <@ ARRAY['PROFILE_BASIC', 'LOYALTY_TIER', 'SPEND_CATEGORIES']::text[]),
  updated_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, partner_id)
);

-- every grant and revocation, never changed afterwards (the trigger below refuses it)
CREATE TABLE partner_consent_events (
  customer_id TEXT NOT NULL,
  partner_id  TEXT NOT NULL REFERENCES partners (id),
  version     INTEGER NOT NULL CHECK (version > 0),
  action      TEXT NOT NULL CHECK (action IN ('GRANTED', 'REVOKED')),
  scopes      TEXT[] NOT NULL CHECK (scopes <@ ARRAY['PROFILE_BASIC', 'LOYALTY_TIER', 'SPEND_CATEGORIES']::text[]),
  recorded_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_id, partner_id, version)
);
CREATE FUNCTION partner_consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'partner_consent_events is append-only';
END;
$$;
CREATE TRIGGER partner_consent_events_no_change BEFORE UPDATE OR DELETE ON partner_consent_events
  FOR EACH ROW EXECUTE FUNCTION partner_consent_events_append_only();

-- the registered partner apps: which partner a client id acts for, and the persisted operations
-- the gateway lets it run
CREATE TABLE partner_apps (
  client_id          TEXT PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
  partner_id         TEXT NOT NULL REFERENCES partners (id),
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  allowed_operations TEXT[] NOT NULL,
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX partner_apps_partner ON partner_apps (partner_id);
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 1, name: 'partners catalogue', sql: CATALOGUE },
  { id: 2, name: 'reward issues, partner consents, partner apps', sql: REDEMPTION_CONSENT_APPS },
]);
