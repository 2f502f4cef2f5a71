// One logger for every process. Redaction is by key path; PANs inside free text are masked too.
import pino, { DestinationStream, Logger } from 'pino';

const REDACT_PATHS = [
  'pan', '*.pan', 'cvv', '*.cvv', 'token', '*.token', 'authorization', '*.authorization',
  'req.headers.authorization', 'req.headers["x-internal-token"]', 'headers.authorization',
  'headers["x-internal-token"]', 'password', '*.password', 'email', '*.email', 'phone', '*.phone',
  'displayName', '*.displayName', 'iban', '*.iban',
];

/** Masks anything that looks like a full PAN (13-19 digits) to first 6 + last 4. */
export function maskPansInText(text: string): string {
  return text.replace(/\b(\d{6})(\d{3,9})(\d{4})\b/g, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`);
}

/** `destination` is for tests; processes log to stdout. */
export function createLogger(name: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPansInText(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
