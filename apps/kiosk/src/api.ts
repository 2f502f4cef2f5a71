// One request = one registered operation, by id, with the session's token. Errors come back as the
// gateway's stable codes (docs/error-codes.md); the kiosk shows a message per code, never the raw text.
import { type KioskOperation, operationId } from './operations';

export class KioskError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'KioskError';
  }
}

export async function run<T>(token: string, operationName: KioskOperation, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(operationName) } } }),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new KioskError('NETWORK');
  }
  let body: { data?: T | null; errors?: Array<{ extensions?: { code?: string } }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new KioskError(res.status === 401 ? 'UNAUTHENTICATED' : 'NETWORK');
  }
  const code = body.errors?.[0]?.extensions?.code;
  // partial data (a slow service's fields null, the rest there) is shown: a kiosk with balances and
  // no cash back is better than an error; an answer with nothing in it is the error
  const some = body.data && Object.values(body.data).some((v) => v !== null);
  if (!some) throw new KioskError(code ?? 'INTERNAL_SERVER_ERROR');
  return body.data as T;
}

/**
 * The demo's sign-in: a development kiosk token for a demo customer from the app server. A bank's
 * kiosk gets its session token from its own card-and-PIN or QR sign-in instead (docs/channels/kiosk.md).
 */
export async function signIn(customerId: string): Promise<string> {
  const res = await fetch('/dev/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId }) });
  if (!res.ok) throw new KioskError(res.status === 400 ? 'BAD_USER_INPUT' : 'SIGN_IN_UNAVAILABLE');
  return ((await res.json()) as { token: string }).token;
}
