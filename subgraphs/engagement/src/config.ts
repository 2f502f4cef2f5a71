// The engagement process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port, positiveInt, optionalPostgresUrl, dbSchema, host, opsPortSetting } from '../../../lib/config';

export const ENGAGEMENT_ENV = {
  ENGAGEMENT_PORT: port(DEFAULT_PORTS.engagement),
  /** the address it listens on: 0.0.0.0 in a container */
  ENGAGEMENT_HOST: host(),
  /** `/metrics` (lib/ops-server.ts), on ENGAGEMENT_HOST: default ENGAGEMENT_PORT + 1000; 0 = a free port */
  ENGAGEMENT_OPS_PORT: opsPortSetting(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl(),
  ENGAGEMENT_DB_SCHEMA: dbSchema('engagement'),
  /** marketing messages (retention included) one customer gets per rolling 24 hours and 7 days, all channels together */
  ENGAGEMENT_MARKETING_CAP_PER_DAY: positiveInt(1),
  ENGAGEMENT_MARKETING_CAP_PER_WEEK: positiveInt(3),
};

export function engagementConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(ENGAGEMENT_ENV, env);
}
