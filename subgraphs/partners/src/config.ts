// The partners process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port, url } from '../../../lib/config';
import { SCHEMA_NAME } from '../../../lib/db/database';

const optionalPostgresUrl = z
  .string()
  .optional()
  // an empty DATABASE_URL means "no server": the embedded store
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const PARTNERS_ENV = {
  PARTNERS_PORT: port(DEFAULT_PORTS.partners),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl,
  PARTNERS_DB_SCHEMA: z.string().regex(SCHEMA_NAME, 'lower-case letters, digits and _ only').default('partners'),
  PARTNERS_SEED_DEMO: flag(true),
  /** the partner-apps registry file applied at start; empty: the bundled subgraphs/partners/data/partner-apps.json */
  PARTNER_APPS_FILE: z.string().optional().transform((v) => (v ? v : undefined)),
  /** loyalty's service routes (the tier a partner may see) */
  LOYALTY_SERVICE_URL: url().default(`http://127.0.0.1:${DEFAULT_PORTS.loyalty}`),
};

export function partnersConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(PARTNERS_ENV, env);
}
export type PartnersConfig = ReturnType<typeof partnersConfigFromEnv>;
