// The accounts store's schema, applied in order to PGlite and PostgreSQL alike. Append only: an
// applied migration is never edited (its checksum is recorded and checked at every start).
import type { Migration } from '../../../../lib/db/database';

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

export const MIGRATIONS: readonly Migration[] = Object.freeze([{ id: 1, name: 'statement preferences', sql: STATEMENT_PREFERENCES }]);
