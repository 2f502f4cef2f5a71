// A registered partner app: a client id, the partner it acts for, and the persisted operations the
// gateway lets it run; and what a list of them must look like to be registered at all.
import { z } from 'zod';
import { PARTNER_ID } from './catalogue';

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

const listSchema = z.array(appSchema).superRefine((apps, ctx) => {
  const seen = new Set<string>();
  for (const a of apps) {
    if (seen.has(a.clientId)) ctx.addIssue({ code: 'custom', message: `client id ${a.clientId} appears twice` });
    seen.add(a.clientId);
  }
});

/** The apps of a registry list, or an error naming `source` and every problem in it. */
export function parsePartnerApps(list: unknown, source: string): PartnerApp[] {
  const parsed = listSchema.safeParse(list);
  if (!parsed.success) {
    throw new Error(`invalid partner apps file ${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
