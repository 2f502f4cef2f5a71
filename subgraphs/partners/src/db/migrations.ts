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

export const MIGRATIONS: readonly Migration[] = Object.freeze([{ id: 1, name: 'partners catalogue', sql: CATALOGUE }]);
