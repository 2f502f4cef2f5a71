// `npm run -s token -- --sub C-000001 --channel web`: prints a client JWT signed with the dev key
// (created under KEYS_DIR on first use), the kind of token the bank's IdP would issue. The gateway
// trusts the dev key only while no JWKS_FILE / JWKS_URL is configured.
import { parseArgs } from 'node:util';
import { CHANNELS, type Channel } from '../lib/internal-auth';
import { DEFAULT_TTL_SECONDS, devTokenRequest, MAX_TTL_SECONDS, signDevToken, type TokenRequest } from '../lib/dev-token';
import { CUSTOMER_CHANNELS, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../gateway/src/edge/identity';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../gateway/src/edge/scopes';

// the signing is shared with the apps' development sign-in (apps/dev-session.ts)
export { signDevToken, type TokenRequest };

const USAGE = `usage: npm run -s token -- --sub <subject> --channel <${CHANNELS.join('|')}>
         [--scope "a b"] [--partner <partner id>] [--client <client name>] [--ttl <seconds>]

  --sub      the customer id for web|mobile|kiosk (e.g. C-000001), else a staff or client id
  --channel  ${CHANNELS.join(', ')}
  --scope    space-separated scopes (default per channel: ${Object.entries(DEFAULT_SCOPES)
    .map(([c, s]) => `${c} "${s.join(' ')}"`)
    .join('; ')})
  --partner  partner id (required for --channel partner)
  --client   client application name, the claim client_name (default per channel: ${Object.entries(DEFAULT_CLIENT_NAMES)
    .filter(([c]) => c !== 'partner')
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')}, partner: --sub);
             the gateway picks the client's persisted-query safelist and rate limit by it
  --ttl      lifetime in seconds (default ${DEFAULT_TTL_SECONDS}, at most ${MAX_TTL_SECONDS})
Issuer and audience follow JWT_ISSUER / JWT_AUDIENCE (defaults ${DEFAULT_ISSUER} / ${DEFAULT_AUDIENCE}); keys live in KEYS_DIR (./data/keys).
`;

export class UsageError extends Error {}

/** Parses and checks the command line; throws UsageError with a message for the user. */
export function parseTokenArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): TokenRequest | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sub: { type: 'string' },
        channel: { type: 'string' },
        scope: { type: 'string' },
        partner: { type: 'string' },
        client: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  const str = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value.trim() : undefined;
  };

  const sub = str('sub');
  if (!sub) throw new UsageError('--sub is required');
  const channel = str('channel');
  if (!channel) throw new UsageError(`--channel is required (one of ${CHANNELS.join(', ')})`);
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new UsageError(`unknown channel "${channel}": use one of ${CHANNELS.join(', ')}`);
  const partnerId = str('partner');
  if (channel === 'partner' && !partnerId) throw new UsageError('--channel partner needs --partner <partner id>');
  if (partnerId && channel !== 'partner') throw new UsageError('--partner is only for --channel partner');
  if (CUSTOMER_CHANNELS.includes(channel as Channel) && !/^C-\d+$/.test(sub)) {
    process.stderr.write(`note: "${sub}" does not look like a customer id (C-000001); the ${channel} channel reads that customer's data\n`);
  }
  const ttlText = str('ttl') ?? String(DEFAULT_TTL_SECONDS);
  if (!/^\d+$/.test(ttlText)) throw new UsageError(`--ttl must be a whole number of seconds, got "${ttlText}"`);
  const ttlSeconds = Number(ttlText);
  if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) throw new UsageError(`--ttl must be between 1 and ${MAX_TTL_SECONDS} seconds`);
  const scope = str('scope')?.split(/\s+/).filter(Boolean).join(' ');
  return devTokenRequest({ sub, channel: channel as Channel, scope, partnerId, clientName: str('client'), ttlSeconds }, env);
}

async function main(argv: string[]): Promise<number> {
  let req: TokenRequest | 'help';
  try {
    req = parseTokenArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`token: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (req === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stdout.write(`${await signDevToken(req)}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
