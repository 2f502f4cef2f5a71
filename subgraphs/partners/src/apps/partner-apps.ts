// Registered partner apps: a client id, the partner it acts for, and the persisted operations the
// gateway lets it run. The registry lives in the partners store; a JSON file (by default
// subgraphs/partners/data/partner-apps.json) is applied at every start, so the file is where apps
// are registered, and the store is what the subgraph and the gateway read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Database, Queryable } from '../../../../lib/db/database';
import { PARTNER_ID } from '../catalogue/types';

export const DEFAULT_PARTNER_APPS_FILE = join(__dirname, '..', '..', 'data', 'partner-apps.json');

export const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

const appSchema = z
  .object({
    clientId: z.string().regex(CLIENT_ID, 'lower-case letters, digits and -, 3 to 64 characters'),
    partnerId: z.string().regex(PARTNER_ID),
    name: z.string().min(1).max(100),
    allowedOperations: z.array(z.string().regex(OPERATION_NAME, 'a GraphQL operation name')).min(1),
  })
  .strict();

export type PartnerApp = z.infer<typeof appSchema>;

const fileSchema = z.array(appSchema).superRefine((apps, ctx) => {
  const seen = new Set<string>();
  for (const a of apps) {
    if (seen.has(a.clientId)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `client id ${a.clientId} appears twice` });
    seen.add(a.clientId);
  }
});

/** Reads and validates a partner-apps file; a bad file stops the start with a message naming it. */
export function readPartnerAppsFile(path: string = DEFAULT_PARTNER_APPS_FILE): PartnerApp[] {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`invalid partner apps file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
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
  if (rows.length === 0) return null;
  const r = rows[0];
  return { clientId: r.client_id, partnerId: r.partner_id, name: r.name, allowedOperations: r.allowed_operations };
}
