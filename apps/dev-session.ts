// POST /dev/session {"customerId":"C-000001"}: the demo's sign-in. Answers {token, expiresAt} with a
// development token minted exactly as `npm run token -- --sub <id> --channel web` does
// (lib/dev-token.ts). It exists only while development tokens do: the app server leaves the route
// out when NODE_ENV=production or the gateway verifies tokens with JWKS_FILE / JWKS_URL, because
// then the gateway would not trust these tokens anyway; a bank's app signs in with its OpenID
// Connect provider (docs/channels/web-mobile.md). The token is never logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { devTokenRequest, signDevToken } from '../lib/dev-token';

const CUSTOMER_ID = /^C-\d{6}$/;
const MAX_BODY_BYTES = 1024;
/**
 * How long a session's token lives. A kiosk's is its own, short one: a visit at a branch kiosk is
 * minutes (the idle timeout ends it after one untouched minute), and a token left behind by a
 * visit that was never ended must not outlive the queue at the counter.
 */
export const SESSION_TTL_SECONDS = { web: 3600, kiosk: 900 } as const;

export function devSignInEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' && !env.JWKS_FILE && !env.JWKS_URL;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The channel's token for one demo customer; `channel` is the app's (web, kiosk). */
export async function devSession(req: IncomingMessage, res: ServerResponse, opts: { channel: 'web' | 'kiosk'; keysDir: string }): Promise<void> {
  if (req.method !== 'POST') return answer(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST {"customerId":"C-000001"}' } });
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    return answer(res, 415, { error: { code: 'BAD_USER_INPUT', message: 'send application/json' } });
  }
  const text = await readBody(req);
  let customerId: unknown;
  try {
    customerId = text === undefined ? undefined : (JSON.parse(text) as { customerId?: unknown }).customerId;
  } catch {
    customerId = undefined;
  }
  if (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId)) {
    return answer(res, 400, { error: { code: 'BAD_USER_INPUT', message: 'customerId must look like C-000001' } });
  }
  const ttlSeconds = SESSION_TTL_SECONDS[opts.channel];
  const request = devTokenRequest({ sub: customerId, channel: opts.channel, ttlSeconds });
  const token = await signDevToken(request, opts.keysDir);
  answer(res, 200, { token, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds });
}
