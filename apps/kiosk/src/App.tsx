// The kiosk: a welcome screen, then large-touch screens for balances, last transactions, card
// freeze and cash back. The session (token, data on screen) lives in memory only: ending it, by the
// button or by the idle timeout, wipes it all and returns to the welcome screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { KioskError, run, signIn } from './api';
import { formatDay, formatMoney, messageFor } from './format';
import { useIdleTimeout } from './idle';
import type { KioskAccount, KioskCard, KioskHome, KioskTransactions } from './operations';

type Screen = 'menu' | 'balances' | 'transactions' | 'cards' | 'cashback';

interface Session {
  token: string;
  /** the engagement contact of this visit (KioskStartSelfServiceSession), when it could be recorded */
  contactId?: string;
}

const DEMO_CUSTOMERS = ['C-000001', 'C-000002', 'C-000003'];

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [home, setHome] = useState<KioskHome['me'] | null>(null);
  const [screen, setScreen] = useState<Screen>('menu');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inflight = useRef(new AbortController());

  const call = useCallback(
    async <T,>(op: Parameters<typeof run>[1], variables?: Record<string, unknown>): Promise<T | null> => {
      if (!session) return null;
      setError(null);
      try {
        return await run<T>(session.token, op, variables, inflight.current.signal);
      } catch (err) {
        if (inflight.current.signal.aborted) return null;
        setError(messageFor(err instanceof KioskError ? err.code : 'INTERNAL'));
        return null;
      }
    },
    [session],
  );

  const loadHome = useCallback(async () => {
    const data = await call<KioskHome>('KioskHome');
    if (data) setHome(data.me);
  }, [call]);

  useEffect(() => {
    if (session) void loadHome();
  }, [session, loadHome]);

  /** Ends the visit: stops what is in flight, tells engagement (best effort), forgets everything. */
  const endSession = useCallback(
    (resolved: boolean) => {
      inflight.current.abort();
      inflight.current = new AbortController();
      if (session?.contactId) {
        void run(session.token, 'KioskEndSelfServiceSession', { id: session.contactId, resolved }).catch(() => undefined);
      }
      setSession(null);
      setHome(null);
      setScreen('menu');
      setError(null);
      setBusy(false);
    },
    [session],
  );

  const warning = useIdleTimeout(session !== null, () => endSession(false));

  const start = (customerId: string) => {
    setBusy(true);
    setError(null);
    startVisit(customerId)
      .then(setSession, (err: unknown) => setError(messageFor(err instanceof KioskError ? err.code : 'INTERNAL')))
      .finally(() => setBusy(false));
  };

  if (!session) return <Welcome onStart={start} busy={busy} error={error} />;

  return (
    <div className="kiosk">
      <header className="bar">
        <span className="brand">Corebridge Bank</span>
        <span className="who">{home?.displayName ? `Hello, ${home.displayName}` : 'Welcome'}</span>
        <button type="button" className="end" onClick={() => endSession(true)}>
          End session
        </button>
      </header>
      <ErrorLine error={error} />
      <main>
        {screen === 'menu' && <Menu onPick={setScreen} />}
        {screen !== 'menu' && (
          <button type="button" className="back" onClick={() => setScreen('menu')}>
            ← Back
          </button>
        )}
        {screen === 'balances' && <Balances accounts={home?.accounts ?? null} />}
        {screen === 'transactions' && <Transactions accounts={home?.accounts ?? null} call={call} />}
        {screen === 'cards' && <Cards cards={home?.cards ?? null} call={call} onChanged={loadHome} />}
        {screen === 'cashback' && <CashBackSummary loyalty={home?.loyalty ?? null} />}
      </main>
      {warning !== null && <IdleWarning seconds={warning} />}
    </div>
  );
}

/** Starts a visit: the kiosk's token, and the engagement contact that records it (best effort). */
async function startVisit(customerId: string): Promise<Session> {
  const token = await signIn(customerId);
  try {
    const started = await run<{ startSelfServiceSession: { id: string } }>(token, 'KioskStartSelfServiceSession', { channel: 'KIOSK', reasonCodes: [] });
    return { token, contactId: started.startSelfServiceSession.id };
  } catch {
    // the visit is still served when engagement cannot record it
    return { token };
  }
}

/** The idle countdown; any touch (the Continue button included) restarts the idle timer (idle.ts). */
function IdleWarning({ seconds: warning }: { seconds: number }) {
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title">
      <div className="dialog">
        <h2 id="idle-title">Are you still there?</h2>
        <p>
          For your security this session ends in <strong>{warning}</strong> seconds.
        </p>
        <button type="button" className="primary">
          Continue
        </button>
      </div>
    </div>
  );
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

function Welcome({ onStart, busy, error }: { onStart: (id: string) => void; busy: boolean; error: string | null }) {
  return (
    <div className="kiosk welcome">
      <main>
        <h1>Welcome to Corebridge Bank</h1>
        <p className="lead">Touch your name to start (demo sign-in).</p>
        <div className="grid">
          {DEMO_CUSTOMERS.map((id) => (
            <button key={id} type="button" className="tile" disabled={busy} onClick={() => onStart(id)}>
              Customer {id}
            </button>
          ))}
        </div>
        <ErrorLine error={error} />
      </main>
    </div>
  );
}

function Menu({ onPick }: { onPick: (s: Screen) => void }) {
  const items: Array<[Screen, string, string]> = [
    ['balances', 'Balances', 'Money available on each account'],
    ['transactions', 'Last transactions', 'The newest payments on an account'],
    ['cards', 'Freeze a card', 'Stop a card at once, or unfreeze it'],
    ['cashback', 'Cash back', 'What you earned and were paid'],
  ];
  return (
    <>
      <h1>What would you like to do?</h1>
      <div className="grid">
        {items.map(([screen, title, hint]) => (
          <button key={screen} type="button" className="tile" onClick={() => onPick(screen)}>
            <span className="title">{title}</span>
            <span className="hint">{hint}</span>
          </button>
        ))}
      </div>
    </>
  );
}

function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

function Balances({ accounts }: { accounts: KioskAccount[] | null }) {
  if (!accounts) return <Loading />;
  return (
    <>
      <h1>Balances</h1>
      <ul className="list">
        {accounts.map((a) => (
          <li key={a.id} className="row">
            <span>
              <span className="title">{a.name}</span>
              <span className="hint">
                {a.type} · {a.maskedNumber}
              </span>
            </span>
            <span className="amount">{a.balance ? formatMoney(a.balance.available) : 'not available'}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

type Call = <T>(op: Parameters<typeof run>[1], variables?: Record<string, unknown>) => Promise<T | null>;

function Transactions({ accounts, call }: { accounts: KioskAccount[] | null; call: Call }) {
  const [accountId, setAccountId] = useState<string | null>(null);
  const [data, setData] = useState<KioskTransactions['account'] | null>(null);
  useEffect(() => {
    if (!accountId) return;
    setData(null);
    void call<KioskTransactions>('KioskAccountTransactions', { accountId, first: 10 }).then((r) => r && setData(r.account));
  }, [accountId, call]);
  if (!accounts) return <Loading />;
  if (!accountId) {
    return (
      <>
        <h1>Which account?</h1>
        <div className="grid">
          {accounts.map((a) => (
            <button key={a.id} type="button" className="tile" onClick={() => setAccountId(a.id)}>
              <span className="title">{a.name}</span>
              <span className="hint">{a.maskedNumber}</span>
            </button>
          ))}
        </div>
      </>
    );
  }
  if (!data) return <Loading />;
  const edges = data.transactions?.edges ?? [];
  return (
    <>
      <h1>Last transactions: {data.name}</h1>
      {edges.length === 0 && <p className="muted">No transactions yet.</p>}
      <ul className="list">
        {edges.map(({ node: t }) => (
          <li key={t.id} className="row">
            <span>
              <span className="title">{t.merchant?.name ?? t.description}</span>
              <span className="hint">
                {formatDay(t.bookedAt)}
                {t.status === 'PENDING' ? ' · pending' : ''}
              </span>
            </span>
            <span className={`amount ${t.direction === 'CREDIT' ? 'credit' : ''}`}>
              {t.direction === 'DEBIT' ? '−' : '+'}
              {formatMoney(t.amount)}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => setAccountId(null)}>
        Another account
      </button>
    </>
  );
}

function Cards({ cards, call, onChanged }: { cards: KioskCard[] | null; call: Call; onChanged: () => Promise<void> }) {
  const [pending, setPending] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!cards) return <Loading />;
  const change = async (card: KioskCard) => {
    const freeze = card.status === 'ACTIVE';
    setPending(card.id);
    setDone(null);
    const r = await call<{ freezeCard?: KioskCard; unfreezeCard?: KioskCard }>(freeze ? 'KioskFreezeCard' : 'KioskUnfreezeCard', { cardId: card.id });
    const after = r?.freezeCard ?? r?.unfreezeCard;
    if (after) setDone(after.status === 'FROZEN' ? `Card ${after.maskedPan.slice(-4)} is frozen.` : `Card ${after.maskedPan.slice(-4)} works again.`);
    await onChanged();
    setPending(null);
  };
  return (
    <>
      <h1>Your cards</h1>
      <p className="lead">A frozen card cannot be used until you unfreeze it. Lost or stolen? Freeze it now and tell a member of staff.</p>
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      {cards.length === 0 && <p className="muted">You have no cards.</p>}
      <ul className="list">
        {cards.map((c) => {
          const changeable = c.status === 'ACTIVE' || c.status === 'FROZEN';
          return (
            <li key={c.id} className="row">
              <span>
                <span className="title">
                  {c.brand} {c.kind.toLowerCase()} ···· {c.maskedPan.slice(-4)}
                </span>
                <span className="hint">
                  {statusText(c.status)} · expires {String(c.expiryMonth).padStart(2, '0')}/{c.expiryYear}
                </span>
              </span>
              {changeable && (
                <button
                  type="button"
                  className={c.status === 'ACTIVE' ? 'danger' : 'primary'}
                  disabled={pending !== null}
                  aria-busy={pending === c.id}
                  onClick={() => void change(c)}
                >
                  {pending === c.id ? 'Please wait…' : c.status === 'ACTIVE' ? 'Freeze' : 'Unfreeze'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function statusText(status: string): string {
  switch (status) {
    case 'ACTIVE':
      return 'Active';
    case 'FROZEN':
      return 'Frozen';
    case 'BLOCKED':
      return 'Blocked';
    case 'EXPIRED':
      return 'Expired';
    default:
      return status;
  }
}

function CashBackSummary({ loyalty }: { loyalty: KioskHome['me']['loyalty'] }) {
  if (!loyalty) return <Loading />;
  const { cashBack } = loyalty;
  const rows: Array<[string, string]> = [
    ['Earned today, paid out soon', formatMoney(cashBack.pendingToday)],
    ['On hold (card payments not yet confirmed)', formatMoney(cashBack.onHold)],
    ['Paid to you this month', formatMoney(cashBack.paidThisMonth)],
    ['Earned in all', formatMoney(cashBack.lifetime)],
  ];
  return (
    <>
      <h1>Cash back</h1>
      <p className="lead">
        {loyalty.tier.tier} tier · {loyalty.points.toLocaleString('en-GB')} points
      </p>
      <ul className="list">
        {rows.map(([label, value]) => (
          <li key={label} className="row">
            <span className="title">{label}</span>
            <span className="amount">{value}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
