// The loyalty process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import { DEFAULT_PORTS, loadConfig, port } from '../../../lib/config';
import { CURRENCY_EXPONENT } from '../../../lib/money';
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

export const LOYALTY_ENV = {
  LOYALTY_PORT: port(DEFAULT_PORTS.loyalty),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalPostgresUrl,
  LOYALTY_DB_SCHEMA: z.string().regex(SCHEMA_NAME, 'lower-case letters, digits and _ only').default('loyalty'),
  LOYALTY_CURRENCY: z
    .string()
    .default('EUR')
    .refine((c) => CURRENCY_EXPONENT[c] !== undefined, 'must be an ISO 4217 code the bank books in'),
  LOYALTY_SEED_DEMO: flag(true),
};

export function loyaltyConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(LOYALTY_ENV, env);
}
export type LoyaltyConfig = ReturnType<typeof loyaltyConfigFromEnv>;
