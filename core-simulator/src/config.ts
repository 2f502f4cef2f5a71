// The simulator process's settings (`npm run start:core`), validated at start: a wrong one stops it
// naming the variable.
import { z } from 'zod';
import { DEFAULT_PORTS, host, loadConfig, opsPortSetting, port } from '../../lib/config';
import { keysDir } from '../../lib/keys';
import { parseIsoDay } from './data/calendar';
import { DEMO_CUSTOMERS } from './data/demo';

export const CORE_SIMULATOR_ENV = {
  CORE_PORT: port(DEFAULT_PORTS.core),
  /** the address it listens on: 0.0.0.0 in a container */
  CORE_HOST: host(),
  /** `/metrics` (lib/ops-server.ts), on CORE_HOST: default CORE_PORT + 1000; 0 = a free port */
  CORE_OPS_PORT: opsPortSetting(),
  CORE_SEED: z.coerce.number().int().min(0).max(0xffffffff).default(42),
  CORE_CUSTOMERS: z.coerce.number().int().min(DEMO_CUSTOMERS.length).max(1_000_000).default(10_000),
  CORE_ANCHOR_DATE: z
    .string()
    .refine((s) => parseIsoDay(s) !== undefined, 'must be a date YYYY-MM-DD')
    .optional(),
  /** where every booking is notified (camt.054, POST); unset: no notifications */
  CORE_NOTIFY_URL: z.url().optional(),
  /** HMAC key of the notifications (accounts holds the same); unset: KEYS_DIR/core-notify.secret, created on first use */
  CORE_NOTIFY_SECRET: z.string().min(16).optional(),
  /** the core's own booking traffic (salaries, card settlements, bills, incoming transfers, fees): one every this many ms; 0 = off */
  CORE_BOOKING_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
};

export function coreSimulatorConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return { ...loadConfig(CORE_SIMULATOR_ENV, env), keysDir: keysDir(env) };
}
