// The registry of partner apps (domain/partner-apps.ts). It lives in the partners store; a JSON
// file (by default subgraphs/partners/data/partner-apps.json) is applied at every start, so the
// file is where apps are registered, and the store is what the subgraph and the gateway read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Queryable } from '../../../../lib/db/database';
import { CLIENT_ID, type PartnerApp, parsePartnerApps } from '../domain/partner-apps';

export const DEFAULT_PARTNER_APPS_FILE = join(__dirname, '..', '..', 'data', 'partner-apps.json');

/** Reads and validates a partner-apps file; a bad file stops the start with a message naming it. */
export function readPartnerAppsFile(path: string = DEFAULT_PARTNER_APPS_FILE): PartnerApp[] {
  return parsePartnerApps(JSON.parse(readFileSync(path, 'utf8')), path);
}

/**
 * Registers (or updates) the apps; apps of partners not in the catalogue are left out and named
 * in `skipped`. Apps in the store but not in the list are kept (they may have been added by hand).
 */
export async function registerPartnerApps(db: Database, apps: readonly PartnerApp[]): Promise<{ registered: number; skipped: string[] }> {
  return db.transaction(async (tx) => {
    let registered = 0;
    const skipped: string[] = [];
    for (const a of apps) {
      const rows = await tx.query(
        `INSERT INTO partner_apps (client_id, partner_id, name, allowed_operations)
         SELECT $1, $2, $3, $4::text[] WHERE EXISTS (SELECT 1 FROM partners WHERE id = $2)
         ON CONFLICT (client_id) DO UPDATE
           SET partner_id = EXCLUDED.partner_id, name = EXCLUDED.name, allowed_operations = EXCLUDED.allowed_operations, updated_at = now()
         RETURNING client_id`,
        [a.clientId, a.partnerId, a.name, a.allowedOperations],
      );
      if (rows.length === 1) registered++;
      else skipped.push(a.clientId);
    }
    return { registered, skipped };
  });
}

/** The app registered under this client id, or null. */
export async function partnerAppByClientId(db: Queryable, clientId: string): Promise<PartnerApp | null> {
  if (!CLIENT_ID.test(clientId)) return null;
  const rows = await db.query<{ client_id: string; partner_id: string; name: string; allowed_operations: string[] }>(
    'SELECT client_id, partner_id, name, allowed_operations FROM partner_apps WHERE client_id = $1',
    [clientId],
  );
  const [r] = rows;
  if (!r) return null;
  return { clientId: r.client_id, partnerId: r.partner_id, name: r.name, allowedOperations: r.allowed_operations };
}
