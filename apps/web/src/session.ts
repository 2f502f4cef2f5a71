// The signed-in session: the access token lives in sessionStorage (gone with the tab), never in a
// URL or a log. For the demo the token comes from the app server's development sign-in
// (POST /dev/session); a bank's build gets it from its OpenID Connect provider instead
// (authorization code flow with PKCE), see docs/channels/web-mobile.md.
const KEY = 'corebridge.session';

export interface Session {
  customerId: string;
  token: string;
  expiresAt: number;
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    return s.expiresAt * 1000 > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export const currentToken = (): string | undefined => currentSession()?.token;

export async function signIn(customerId: string): Promise<Session> {
  const res = await fetch('/dev/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId }),
  });
  const body = (await res.json()) as { token?: string; expiresAt?: number; error?: { code: string; message: string } };
  if (!res.ok || !body.token || !body.expiresAt) throw new Error(body.error?.message ?? `sign-in failed (${res.status})`);
  const session = { customerId, token: body.token, expiresAt: body.expiresAt };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
