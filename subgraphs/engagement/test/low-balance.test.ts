// LOW_BALANCE from TransactionBooked: the crossing rule (a debit from at or above the threshold to
// below it, once, until the balance is back), the alert for one account over the one for all, the
// service rules (preferences and quiet hours hold it, marketing consent does not), and the
// setLowBalanceAlert / clearLowBalanceAlert mutations with their refusals and audit. The subgraph
// runs in-process on PGlite, called with a signed internal token as the gateway calls it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { appError } from '../../../lib/errors';
import { newEvent, type DomainEvent } from '../../../lib/events';
import { alertsFor, triggersOf, type TriggerSettings } from '../src/adapters/event-consumer';
import { lowBalanceTrigger, type LowBalanceAlert } from '../src/domain/low-balance';
import { invalidTrigger, type Trigger } from '../src/domain/triggers';
import { render } from '../src/domain/templates';
import type { CustomerAccounts } from '../src/adapters/customer-accounts';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const SETTINGS: TriggerSettings = { homeCurrency: 'EUR', largeCardUse: { minor: 100_000n, currency: 'EUR' } };
const EUR = (minor: bigint) => ({ minor, currency: 'EUR' });
const now = new Date('2026-12-04T10:00:00Z');
let seq = 0;

/** A booked transaction on an account as accounts writes it, with the balance it read after it. */
function booked(
  customerId: string,
  coreAccountId: string,
  amountMinor: bigint,
  balanceAfterMinor: bigint | undefined,
  currency = 'EUR',
): DomainEvent<'TransactionBooked'> {
  return newEvent({
    type: 'TransactionBooked',
    key: `test:${++seq}`,
    customerId,
    occurredAt: now,
    payload: {
      accountId: `DE8937040044053201${String(seq).padStart(4, '0')}`,
      transactionId: `TX-${seq}`,
      amountMinor: amountMinor.toString(),
      currency,
      bookedAt: now.toISOString(),
      ...(balanceAfterMinor !== undefined ? { coreAccountId, balanceAfterMinor: balanceAfterMinor.toString() } : {}),
    },
  });
}

/** Replays a customer's bookings on one account from `opening` and says which raised LOW_BALANCE. */
function raisedAlong(alerts: LowBalanceAlert[], opening: bigint, moves: bigint[], account = 'A-1'): boolean[] {
  let balance = opening;
  return moves.map((m) => {
    balance += m;
    return triggersOf(booked('C-000001', account, m, balance), SETTINGS, alerts).some((t) => t.kind === 'LOW_BALANCE');
  });
}

describe('the crossing rule', () => {
  const all: LowBalanceAlert[] = [{ threshold: EUR(10_000n) }];

  it('raises once when a debit takes the balance below, not again while it stays below, and again after it came back', () => {
    // 150 -> 90 (crosses) -> 80 -> 70 (still below) -> 120 (credit, back above) -> 95 (crosses again) -> 100 credit -> 100 exactly
    expect(raisedAlong(all, 15_000n, [-6_000n, -1_000n, -1_000n, 5_000n, -2_500n, 500n])).toEqual([true, false, false, false, true, false]);
  });

  it('counts exactly the threshold as not below: from it a debit crosses, to it a debit does not', () => {
    expect(raisedAlong(all, 10_000n, [-1n])).toEqual([true]);
    expect(raisedAlong(all, 10_500n, [-500n])).toEqual([false]);
  });

  it('gives the trigger the balance and the threshold, valid for the engine, under an id of its own', () => {
    const e = booked('C-000001', 'A-1', -6_000n, 9_000n);
    const [t] = triggersOf(e, SETTINGS, all);
    expect(t).toEqual({
      id: `${e.id}:low-balance`,
      customerId: 'C-000001',
      occurredAt: now,
      kind: 'LOW_BALANCE',
      balance: EUR(9_000n),
      threshold: EUR(10_000n),
    });
    expect(invalidTrigger(t!)).toBeUndefined();
  });

  it('uses the account own alert over the one for all, and no alert in another currency', () => {
    const alerts: LowBalanceAlert[] = [{ threshold: EUR(10_000n) }, { accountId: 'A-2', threshold: EUR(50_000n) }];
    // 600 -> 400: below A-2's 500, above the 100 for all
    expect(raisedAlong(alerts, 60_000n, [-20_000n], 'A-2')).toEqual([true]);
    expect(raisedAlong(alerts, 60_000n, [-20_000n], 'A-1')).toEqual([false]);
    expect(raisedAlong(alerts, 12_000n, [-5_000n], 'A-1')).toEqual([true]);
    const usd = booked('C-000001', 'A-3', -5_000n, 7_000n, 'USD');
    expect(triggersOf(usd, SETTINGS, alerts)).toEqual([]);
  });

  it('gives nothing to a customer without an alert, for a credit, or for an event without the balance', () => {
    expect(raisedAlong([], 15_000n, [-10_000n])).toEqual([false]);
    expect(triggersOf(booked('C-000001', 'A-1', -10_000n, undefined), SETTINGS, all)).toEqual([]);
    expect(
      lowBalanceTrigger({ eventId: 'e', customerId: 'C-000001', occurredAt: now, accountId: 'A-1', amount: EUR(5_000n), balanceAfter: EUR(5_000n) }, all),
    ).toBeUndefined();
  });

  it('reads the alerts only for a debit that carries the balance', async () => {
    const read: string[] = [];
    const store = { lowBalanceAlerts: async (c: string) => (read.push(c), all) };
    expect(await alertsFor(booked('C-000001', 'A-1', 5_000n, 20_000n), store)).toEqual([]);
    expect(await alertsFor(booked('C-000001', 'A-1', -5_000n, undefined), store)).toEqual([]);
    expect(await alertsFor(booked('C-000001', 'A-1', -5_000n, 1_000n), store)).toEqual(all);
    expect(read).toEqual(['C-000001']);
  });

  it('writes the message in English and in Persian (Persian digits, right to left)', () => {
    const t: Trigger = { id: 'lb-1', customerId: 'C-000001', occurredAt: now, kind: 'LOW_BALANCE', balance: EUR(9_050n), threshold: EUR(10_000n) };
    expect(render(t, 'en')).toMatchObject({ title: 'Low balance', body: 'Your balance is €90.50, below your alert of €100.00.', direction: 'LTR' });
    const fa = render(t, 'fa');
    expect(fa.direction).toBe('RTL');
    expect(fa.body).toContain('۹۰٫۵۰');
    expect(fa.body).not.toMatch(/[0-9]/);
    const bhd = render({ ...t, balance: { minor: 1_500n, currency: 'BHD' }, threshold: { minor: 2_000n, currency: 'BHD' } }, 'en');
    expect(bhd.body).toContain('1.500');
  });
});

describe('low-balance alerts in the subgraph', () => {
  let dir: string;
  let signer: InternalTokenSigner;
  let svc: RunningEngagement;
  let accountsDown = false;
  const held: Record<string, string[]> = { 'C-000010': ['A-10', 'A-11'], 'C-000011': ['A-20'], 'C-000012': ['A-30'], 'C-000013': ['A-40'] };
  const accounts: CustomerAccounts = {
    holds: async (customerId, accountId) => {
      if (accountsDown) throw appError('ACCOUNTS_UNAVAILABLE');
      return (held[customerId] ?? []).includes(accountId);
    },
  };
  const me = (id: string): Caller => ({ subject: id, customerId: id, channel: 'mobile', scopes: [] });
  const call = async (caller: Caller, query: string) => gql(svc.url, query, { headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });

  /** The event through the consumer's mapping and the engine, as the running consumer does it. */
  async function deliver(e: DomainEvent) {
    return Promise.all(triggersOf(e, SETTINGS, await alertsFor(e, svc.preferences)).map((t) => svc.engine.handle(t)));
  }

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    dir = tempDir('corebridge-engagement-low-balance-');
    signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
    svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => now, accounts });
  }, 60000);

  afterAll(async () => {
    await svc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sets an alert for all accounts and one for an account, reads them back, clears one, each in the history', async () => {
    const { body } = await call(
      me('C-000010'),
      `mutation {
        a: setLowBalanceAlert(threshold: { amount: "100", currency: "EUR" }) { version }
        b: setLowBalanceAlert(accountId: "A-11", threshold: { amount: "250.5", currency: "EUR" }) { version }
        c: setLowBalanceAlert(accountId: "A-11", threshold: { amount: "300.00", currency: "EUR" }) { lowBalanceAlerts { accountId threshold { amount currency } } }
        d: clearLowBalanceAlert { version lowBalanceAlerts { accountId threshold { amount } }
             history { version kind accountId threshold { amount currency } via } }
      }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.c.lowBalanceAlerts).toEqual([
      { accountId: null, threshold: { amount: '100.00', currency: 'EUR' } },
      { accountId: 'A-11', threshold: { amount: '300.00', currency: 'EUR' } },
    ]);
    expect(body.data.d.lowBalanceAlerts).toEqual([{ accountId: 'A-11', threshold: { amount: '300.00' } }]);
    expect(body.data.d.history).toEqual([
      { version: 1, kind: 'LOW_BALANCE_ALERT', accountId: null, threshold: { amount: '100.00', currency: 'EUR' }, via: 'mobile' },
      { version: 2, kind: 'LOW_BALANCE_ALERT', accountId: 'A-11', threshold: { amount: '250.50', currency: 'EUR' }, via: 'mobile' },
      { version: 3, kind: 'LOW_BALANCE_ALERT', accountId: 'A-11', threshold: { amount: '300.00', currency: 'EUR' }, via: 'mobile' },
      { version: 4, kind: 'LOW_BALANCE_ALERT', accountId: null, threshold: null, via: 'mobile' },
    ]);
  });

  it.each([
    ['a negative threshold', 'setLowBalanceAlert(threshold: { amount: "-5.00", currency: "EUR" })', 'INVALID_AMOUNT'],
    ['a zero threshold', 'setLowBalanceAlert(threshold: { amount: "0.00", currency: "EUR" })', 'INVALID_AMOUNT'],
    ['more decimals than the currency has', 'setLowBalanceAlert(threshold: { amount: "10.005", currency: "EUR" })', 'INVALID_AMOUNT'],
    ['decimals in a currency without them', 'setLowBalanceAlert(threshold: { amount: "10.5", currency: "JPY" })', 'INVALID_AMOUNT'],
    ['an unknown currency', 'setLowBalanceAlert(threshold: { amount: "10.00", currency: "XYZ" })', 'CURRENCY_MISMATCH'],
    ['an unknown account', 'setLowBalanceAlert(accountId: "A-99", threshold: { amount: "10.00", currency: "EUR" })', 'ACCOUNT_NOT_FOUND'],
    ["another customer's account", 'setLowBalanceAlert(accountId: "A-10", threshold: { amount: "10.00", currency: "EUR" })', 'ACCOUNT_NOT_FOUND'],
    ["clearing another customer's account", 'clearLowBalanceAlert(accountId: "A-10")', 'ACCOUNT_NOT_FOUND'],
  ])('refuses %s with its code and changes nothing', async (_what, field, code) => {
    const { body } = await call(me('C-000011'), `mutation { ${field} { version } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await svc.preferences.history('C-000011')).toEqual([]);
    expect(await svc.preferences.lowBalanceAlerts('C-000011')).toEqual([]);
  });

  it('refuses an alert on one account while accounts cannot answer, and one set by anyone but the customer', async () => {
    accountsDown = true;
    try {
      const down = await call(
        me('C-000011'),
        'mutation { setLowBalanceAlert(accountId: "A-20", threshold: { amount: "10.00", currency: "EUR" }) { version } }',
      );
      expect(down.body.errors?.[0]?.extensions?.code).toBe('ACCOUNTS_UNAVAILABLE');
    } finally {
      accountsDown = false;
    }
    const kiosk = await call(
      { ...me('C-000011'), channel: 'kiosk' },
      'mutation { setLowBalanceAlert(threshold: { amount: "10.00", currency: "EUR" }) { version } }',
    );
    expect(kiosk.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await svc.preferences.history('C-000011')).toEqual([]);
  });

  it('delivers a crossing to the inbox once, as a service message without marketing consent', async () => {
    const set = await call(me('C-000011'), 'mutation { setLowBalanceAlert(accountId: "A-20", threshold: { amount: "100.00", currency: "EUR" }) { version } }');
    expect(set.body.errors).toBeUndefined();
    const [handled] = await deliver(booked('C-000011', 'A-20', -6_000n, 9_000n));
    expect(handled?.decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'SENT' });
    expect(await deliver(booked('C-000011', 'A-20', -1_000n, 8_000n))).toEqual([]);
    const inbox = await svc.messages.inbox('C-000011', now, 10);
    expect(inbox.map((m) => [m.kind, m.topic, m.body])).toEqual([['LOW_BALANCE', 'SERVICE', 'Your balance is €90.00, below your alert of €100.00.']]);
  });

  it('sends nothing on a channel the customer turned the service topic off on, and holds it in quiet hours', async () => {
    await svc.preferences.change('C-000012', { kind: 'LOW_BALANCE_ALERT', accountId: null, threshold: { amountMinor: '10000', currency: 'EUR' } }, 'web');
    await svc.preferences.change('C-000012', { kind: 'CHANNEL', topic: 'SERVICE', channel: 'IN_APP', enabled: false }, 'web');
    const [off] = await deliver(booked('C-000012', 'A-30', -6_000n, 9_000n));
    expect(off?.decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'SUPPRESSED', rule: 'PREFERENCE' });
    expect(await svc.messages.inbox('C-000012', now, 10)).toEqual([]);

    await svc.preferences.change('C-000013', { kind: 'LOW_BALANCE_ALERT', accountId: null, threshold: { amountMinor: '10000', currency: 'EUR' } }, 'web');
    // 10:00 UTC is 13:30 in Tehran
    await svc.preferences.change('C-000013', { kind: 'QUIET_HOURS', quietHours: { start: '13:00', end: '23:00' }, timeZone: 'Asia/Tehran' }, 'web');
    const [quiet] = await deliver(booked('C-000013', 'A-40', -6_000n, 9_000n));
    const inApp = quiet?.decisions.find((d) => d.channel === 'IN_APP');
    expect(inApp).toMatchObject({ outcome: 'DEFERRED', rule: 'QUIET_HOURS' });
    expect(await svc.messages.inbox('C-000013', now, 10)).toEqual([]);
    expect((await svc.messages.inbox('C-000013', inApp!.deliverAt!, 10)).map((m) => m.kind)).toEqual(['LOW_BALANCE']);
  });
});
