// The partners process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port, flag, optionalPostgresUrl, dbSchema, serviceUrl, host, opsPortSetting } from '../../../lib/config';

export const PARTNERS_ENV = {
  PARTNERS_PORT: port(DEFAULT_PORTS.partners),
  /** the address it listens on: 0.0.0.0 in a container */
  PARTNERS_HOST: host(),
  /** `/metrics` (lib/ops-server.ts), on PARTNERS_HOST: default PARTNERS_PORT + 1000; 0 = a free port */
  PARTNERS_OPS_PORT: opsPortSetting(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  PARTNERS_DB_SCHEMA: dbSchema('partners'),
  PARTNERS_SEED_DEMO: flag(true),
  /** the partner-apps registry file applied at start; empty: the bundled subgraphs/partners/data/partner-apps.json */
  PARTNER_APPS_FILE: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** loyalty's service routes (the tier a partner may see) */
  LOYALTY_SERVICE_URL: serviceUrl(DEFAULT_PORTS.loyalty),
};

export function partnersConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(PARTNERS_ENV, env);
}
