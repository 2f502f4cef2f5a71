// A customer's notification settings and the audit of every choice. Each change locks the
// customer's preferences row, bumps its version and appends the change under that version in one
// transaction, so versions are 1, 2, 3 ... without gaps and the row always equals the audit's sum.
import type { Database, Queryable } from '../../../../lib/db/database';
import { toBigInt, toDate } from '../../../../lib/db/database';
import { defaultPreferences, isLocale, pairKey, type PreferenceAuditEntry, type PreferenceChange, type Preferences } from '../domain/preferences';
import { isChannel, isTopic } from '../domain/topics';
import type { LowBalanceAlert } from '../domain/low-balance';

interface PreferencesRow extends Record<string, unknown> {
  customer_id: string;
  time_zone: string;
  quiet_start: string | null;
  quiet_end: string | null;
  locale: string;
  marketing_consent: boolean;
  version: number;
  updated_at: unknown;
}

interface AuditRow extends Record<string, unknown> {
  version: number;
  detail: string;
  via: string;
  recorded_at: unknown;
}

/** The account_id of the alert for all accounts (no account id is empty). */
const ALL_ACCOUNTS = '';

const COLUMNS = 'customer_id, time_zone, quiet_start, quiet_end, locale, marketing_consent, version, updated_at';

/** Creates the customer's row with the defaults if it is missing, then locks it for this transaction. */
export async function lockCustomer(tx: Queryable, customerId: string): Promise<PreferencesRow> {
  const lock = () => tx.query<PreferencesRow>(`SELECT ${COLUMNS} FROM preferences WHERE customer_id = $1 FOR UPDATE`, [customerId]);
  // the row is there for every customer after their first notification: one statement, not two
  const [found] = await lock();
  if (found) return found;
  await tx.query('INSERT INTO preferences (customer_id) VALUES ($1) ON CONFLICT (customer_id) DO NOTHING', [customerId]);
  const [row] = await lock();
  if (!row) throw new Error('preferences: the row just ensured is missing');
  return row;
}

/** The settings in force from the customer's row and their explicit channel choices. */
export async function preferencesFrom(q: Queryable, row: PreferencesRow | undefined, customerId: string): Promise<Preferences> {
  if (!row) return defaultPreferences(customerId);
  const choices = await q.query<{ topic: string; channel: string; enabled: boolean }>(
    'SELECT topic, channel, enabled FROM channel_preferences WHERE customer_id = $1',
    [customerId],
  );
  const channels = new Map<string, boolean>();
  for (const c of choices) if (isTopic(c.topic) && isChannel(c.channel)) channels.set(pairKey(c.topic, c.channel), c.enabled);
  return {
    customerId,
    channels,
    ...(row.quiet_start && row.quiet_end ? { quietHours: { start: row.quiet_start, end: row.quiet_end } } : {}),
    timeZone: row.time_zone,
    locale: isLocale(row.locale) ? row.locale : 'en',
    marketingConsent: row.marketing_consent,
    version: Number(row.version),
    ...(row.updated_at ? { updatedAt: toDate(row.updated_at) } : {}),
  };
}

async function apply(tx: Queryable, customerId: string, change: PreferenceChange): Promise<void> {
  switch (change.kind) {
    case 'CHANNEL':
      await tx.query(
        `INSERT INTO channel_preferences (customer_id, topic, channel, enabled) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id, topic, channel) DO UPDATE SET enabled = EXCLUDED.enabled`,
        [customerId, change.topic, change.channel, change.enabled],
      );
      return;
    case 'QUIET_HOURS':
      await tx.query('UPDATE preferences SET quiet_start = $2, quiet_end = $3, time_zone = $4 WHERE customer_id = $1', [
        customerId,
        change.quietHours?.start ?? null,
        change.quietHours?.end ?? null,
        change.timeZone,
      ]);
      return;
    case 'MARKETING_CONSENT':
      await tx.query('UPDATE preferences SET marketing_consent = $2 WHERE customer_id = $1', [customerId, change.granted]);
      return;
    case 'LOCALE':
      await tx.query('UPDATE preferences SET locale = $2 WHERE customer_id = $1', [customerId, change.locale]);
      return;
    case 'LOW_BALANCE_ALERT':
      if (change.threshold === null) {
        await tx.query('DELETE FROM low_balance_alerts WHERE customer_id = $1 AND account_id = $2', [customerId, change.accountId ?? ALL_ACCOUNTS]);
        return;
      }
      await tx.query(
        `INSERT INTO low_balance_alerts (customer_id, account_id, threshold_minor, currency) VALUES ($1, $2, $3::bigint, $4)
         ON CONFLICT (customer_id, account_id) DO UPDATE SET threshold_minor = EXCLUDED.threshold_minor, currency = EXCLUDED.currency`,
        [customerId, change.accountId ?? ALL_ACCOUNTS, change.threshold.amountMinor, change.threshold.currency],
      );
      return;
  }
}

export class PreferencesStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async preferences(customerId: string): Promise<Preferences> {
    const [row] = await this.db.query<PreferencesRow>(`SELECT ${COLUMNS} FROM preferences WHERE customer_id = $1`, [customerId]);
    return preferencesFrom(this.db, row, customerId);
  }

  /** Applies one choice and records it, with the channel it came through; every call is recorded, a repeat too. */
  async change(customerId: string, change: PreferenceChange, via: string): Promise<Preferences> {
    const at = this.clock();
    return this.db.transaction(async (tx) => {
      const locked = await lockCustomer(tx, customerId);
      const version = Number(locked.version) + 1;
      await apply(tx, customerId, change);
      const [row] = await tx.query<PreferencesRow>(`UPDATE preferences SET version = $2, updated_at = $3 WHERE customer_id = $1 RETURNING ${COLUMNS}`, [
        customerId,
        version,
        at,
      ]);
      await tx.query('INSERT INTO preference_audit (customer_id, version, kind, detail, via, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        customerId,
        version,
        change.kind,
        JSON.stringify(change),
        via,
        at,
      ]);
      return preferencesFrom(tx, row, customerId);
    });
  }

  /** The customer's low-balance alerts: the one for all accounts first, then by account. */
  async lowBalanceAlerts(customerId: string): Promise<LowBalanceAlert[]> {
    const rows = await this.db.query<{ account_id: string; threshold_minor: unknown; currency: string }>(
      'SELECT account_id, threshold_minor, currency FROM low_balance_alerts WHERE customer_id = $1 ORDER BY account_id',
      [customerId],
    );
    return rows.map((r) => ({
      ...(r.account_id === ALL_ACCOUNTS ? {} : { accountId: r.account_id }),
      threshold: { minor: toBigInt(r.threshold_minor), currency: r.currency },
    }));
  }

  /** Every recorded choice, oldest first. */
  async history(customerId: string): Promise<PreferenceAuditEntry[]> {
    const rows = await this.db.query<AuditRow>('SELECT version, detail, via, recorded_at FROM preference_audit WHERE customer_id = $1 ORDER BY version', [
      customerId,
    ]);
    return rows.map((r) => ({ version: Number(r.version), change: JSON.parse(r.detail) as PreferenceChange, via: r.via, recordedAt: toDate(r.recorded_at) }));
  }
}
