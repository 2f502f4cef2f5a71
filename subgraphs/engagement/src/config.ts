// The engagement process's settings, validated at start (a wrong one stops it naming the variable).
import { z } from 'zod';
import {
  DEFAULT_PORTS,
  loadConfig,
  port,
  positiveInt,
  flag,
  optionalPostgresUrl,
  optionalRedisUrl,
  redisKeyPrefix,
  dbSchema,
  host,
  opsPortSetting,
} from '../../../lib/config';
import { CURRENCY_EXPONENT, parseDecimal } from '../../../lib/money';
import { DEFAULT_RATE_LIMITS } from './domain/delivery';
import { shareBasisPoints } from './domain/reward-in-reach';

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
  /** staff campaigns one customer gets per rolling 30 days, on top of the marketing caps (docs/engagement.md "Campaigns") */
  ENGAGEMENT_CAMPAIGN_CAP_PER_30_DAYS: positiveInt(2),
  /** how often a process looks for campaigns due to send (ms) */
  ENGAGEMENT_CAMPAIGN_POLL_MS: positiveInt(5000),
  /** the event backbone (docs/events.md): Redis Streams when set, else the producers' logs at their service URLs */
  REDIS_URL: optionalRedisUrl(),
  REDIS_KEY_PREFIX: redisKeyPrefix(),
  /** producers' service routes, read without REDIS_URL only (unset: this host's default ports) */
  ACCOUNTS_SERVICE_URL: z.url().optional(),
  LOYALTY_SERVICE_URL: z.url().optional(),
  OFFERS_SERVICE_URL: z.url().optional(),
  /** partners' reward catalogue route, for PARTNER_REWARD_IN_REACH (unset: this host's partners port) */
  PARTNERS_SERVICE_URL: z.url().optional(),
  /** a partner reward is "within reach" from this share of its cost (0.9: at most 10 % short), as a decimal above 0 and below 1 */
  ENGAGEMENT_REWARD_IN_REACH_SHARE: z
    .string()
    .regex(/^0\.\d{1,4}$/, 'a decimal above 0 and below 1, at most 4 decimals (e.g. 0.9)')
    .refine((v) => /[1-9]/.test(v), 'above 0')
    .default('0.9')
    .transform((v) => shareBasisPoints(v)),
  /** where the consumer group starts the first time it runs: `latest` (only what happens from now) or `earliest` */
  ENGAGEMENT_EVENTS_START: z.enum(['latest', 'earliest']).default('latest'),
  /** how many customers' events one process handles at once (each customer's in order): notifications keep up with a busy card feed */
  ENGAGEMENT_EVENTS_CONCURRENCY: positiveInt(8),
  /** the daily RETENTION pass over the customer facts (docs/engagement.md "Retention"): off with false */
  ENGAGEMENT_RETENTION: flag(true),
  /** the UTC hour from which the day's RETENTION pass runs */
  ENGAGEMENT_RETENTION_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  /** the daily churn early warning pass (docs/cx.md "Churn early warning"): off with false */
  ENGAGEMENT_CHURN: flag(true),
  /** the UTC hour from which the day's churn pass runs (before branches open) */
  ENGAGEMENT_CHURN_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  /** the churn risk score (0-100) at or above which a customer is at risk: an agent task and ChurnRiskRaised */
  ENGAGEMENT_CHURN_THRESHOLD: z.coerce.number().int().min(1).max(100).default(50),
  /** a kiosk or visual IVR session still open after this many minutes is ended as abandoned (docs/cx.md "Housekeeping") */
  ENGAGEMENT_SELF_SERVICE_MAX_MINUTES: positiveInt(30),
  /** the bank's home currency: a card purchase in another one is "foreign" (a security alert) */
  ENGAGEMENT_HOME_CURRENCY: z
    .string()
    .refine((c) => CURRENCY_EXPONENT[c] !== undefined, 'an ISO 4217 currency')
    .default('EUR'),
  /** a card purchase of at least this much (decimal, home currency) is "large" (a security alert) */
  ENGAGEMENT_LARGE_CARD_USE: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,3})?$/, 'a decimal amount such as 1000.00')
    .default('1000.00'),
  /** email over SMTP (smtp://host:port, smtps://…; user:pass@ for AUTH); unset: no email channel */
  ENGAGEMENT_SMTP_URL: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// URL')
    .optional(),
  /** the From of every email */
  ENGAGEMENT_EMAIL_FROM: z.string().min(3).default('Corebridge <notifications@corebridge.example>'),
  /** the development contact directory's email domain: a customer is <customerId>@<domain> (no email addresses in the system yet) */
  ENGAGEMENT_CONTACT_EMAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain name such as customers.example')
    .default('customers.example'),
  /** SMS and push through an HTTP webhook each (JSON, HMAC-signed with ENGAGEMENT_WEBHOOK_SECRET); unset: no such channel */
  ENGAGEMENT_SMS_WEBHOOK_URL: z.url().optional(),
  ENGAGEMENT_PUSH_WEBHOOK_URL: z.url().optional(),
  ENGAGEMENT_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** HMAC key of the agent pseudonyms customers see in `Customer.staffReads`; unset: KEYS_DIR/staff-pseudonym.secret (development) */
  ENGAGEMENT_STAFF_PSEUDONYM_KEY: z.string().min(16, 'at least 16 characters').optional(),
  /** sends per minute on each channel, all replicas together (a token bucket per channel) */
  ENGAGEMENT_EMAIL_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.EMAIL),
  ENGAGEMENT_SMS_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.SMS),
  ENGAGEMENT_PUSH_PER_MINUTE: positiveInt(DEFAULT_RATE_LIMITS.PUSH),
};

export type EngagementConfig = ReturnType<typeof engagementConfigFromEnv>;

export function engagementConfigFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const cfg = loadConfig(ENGAGEMENT_ENV, env);
  // checked at start: a threshold with more decimals than the currency has stops the process, naming it
  try {
    parseDecimal(cfg.ENGAGEMENT_LARGE_CARD_USE, cfg.ENGAGEMENT_HOME_CURRENCY);
  } catch {
    throw new Error(`ENGAGEMENT_LARGE_CARD_USE: more decimals than ${cfg.ENGAGEMENT_HOME_CURRENCY} has`);
  }
  // a webhook nobody can verify is refused at start rather than sending unsigned messages
  if ((cfg.ENGAGEMENT_SMS_WEBHOOK_URL || cfg.ENGAGEMENT_PUSH_WEBHOOK_URL) && !cfg.ENGAGEMENT_WEBHOOK_SECRET) {
    throw new Error('ENGAGEMENT_WEBHOOK_SECRET: required when ENGAGEMENT_SMS_WEBHOOK_URL or ENGAGEMENT_PUSH_WEBHOOK_URL is set');
  }
  return cfg;
}
