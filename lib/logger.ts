// One logger for every process. Redaction is by key path; PANs inside free text are masked too.
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskPansInText } from './pan-masking';

const REDACT_PATHS = [
  'pan',
  '*.pan',
  'cvv',
  '*.cvv',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-internal-token"]',
  'headers.authorization',
  'headers["x-internal-token"]',
  'password',
  '*.password',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'displayName',
  '*.displayName',
  'iban',
  '*.iban',
  // GraphQL variables carry whatever clients send: ids, amounts, names
  'variables',
  '*.variables',
];

const JWT_IN_TEXT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** PANs masked and bearer tokens removed from a piece of free text (error messages, reasons). */
function scrub(text: string): string {
  return maskPansInText(text).replace(JWT_IN_TEXT, '[redacted-jwt]');
}

/** The same, through the nested values of a log object (errors included), a few levels deep. */
function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: scrub(value.message), stack: value.stack ? scrub(value.stack) : undefined };
    for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

/** `destination` is for tests; processes log to stdout. */
export function createLogger(name: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (object) => scrubValue(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
