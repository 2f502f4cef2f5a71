// The card-event sink on the embedded store: earning at both rates, partner and tier multipliers,
// duplicates, reversals (also before their original), authorisation holds, boosts. The ledger's
// invariants are checked after every scenario.
import { advice, completing, useMemoryProgramme } from './support/programme';
import { CardAdviceError } from '../src/domain/card-advice';
import { activateBoost } from '../src/db/boost-store';
import { POINTS_UNIT } from '../src/domain/ledger/chart';
import { earningFor } from '../src/domain/earning';
import { loadRules } from '../src/config';
import { nth } from '../../../test/support/present';
import { CoreError } from '../../../legacy-adapters/soap/src';

jest.setTimeout(60000);

const p = useMemoryProgramme();
let n = 0;
const fresh = () => `S-${++n}`;
const pending = (c: string) => p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c);
const onHold = (c: string) => p.ledger.balanceOf('CUSTOMER_CASHBACK_ON_HOLD', 'EUR', c);
const points = (c: string) => p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c);

describe('earning arithmetic', () => {
  const rules = loadRules();
  it.each([
    // amount, mcc, partner, tier -> cash back, points
    [12345n, '5999', undefined, 10000n, 123n, 123n],
    [12399n, '5411', undefined, 10000n, 247n, 123n],
    [5099n, '5812', 30000n, 10000n, 101n, 150n],
    [5099n, '5814', 30000n, 15000n, 101n, 225n],
    [99n, '5999', undefined, 20000n, 0n, 0n],
  ])('%s minor at MCC %s (partner %s, tier %s) -> %s cash back, %s points', (amountMinor, mcc, partnerBoostBp, tierMultiplierBp, cash, pts) => {
    const e = earningFor(rules, { amountMinor, currency: 'EUR', mcc, partnerBoostBp, tierMultiplierBp });
    expect(e.cashBackMinor).toBe(cash);
    expect(e.points).toBe(pts);
  });

  it('rounds down in the currency of the purchase (JPY has no minor unit)', () => {
    expect(earningFor(rules, { amountMinor: 1999n, currency: 'JPY', mcc: '5999', tierMultiplierBp: 10000n })).toEqual({
      cashBackMinor: 19n,
      cashBackRateBp: 100,
      points: 1999n,
    });
  });
});

describe('card advices into the ledger', () => {
  it('earns 1% and 2% cash back and a point per whole euro', async () => {
    const c = fresh();
    expect(await p.sink.apply(advice({ customerId: c, amountMinor: 12345n, mcc: '5999' }))).toBe('APPLIED');
    expect(await p.sink.apply(advice({ customerId: c, amountMinor: 4050n, mcc: '5411' }))).toBe('APPLIED');
    expect(await pending(c)).toBe(123n + 81n);
    expect(await points(c)).toBe(123n + 40n);
  });

  it('multiplies points at partner merchants and by the tier', async () => {
    const c = fresh();
    p.tierBp.set(c, 15000n);
    await p.sink.apply(advice({ customerId: c, amountMinor: 2000n, merchantId: 'M-COFFEE-2', mcc: '5814' }));
    expect(await points(c)).toBe(90n); // 20 x 3 x 1.5
    expect(await pending(c)).toBe(40n);
  });

  it('recognises a repeat or re-sent advice by its key and earns once', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 10000n });
    expect(await p.sink.apply(a)).toBe('APPLIED');
    const journals = await p.ledger.journalCount();
    expect(await p.sink.apply({ ...a, repeat: true })).toBe('DUPLICATE');
    expect(await p.sink.apply(a)).toBe('DUPLICATE');
    const racing = await Promise.all(Array.from({ length: 20 }, () => p.sink.apply({ ...a, repeat: true })));
    expect(new Set(racing)).toEqual(new Set(['DUPLICATE']));
    expect(await p.ledger.journalCount()).toBe(journals);
    expect(await pending(c)).toBe(100n);
    expect(await points(c)).toBe(100n);
  });

  it('applies a reversal as the exact mirror of the original', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 25000n, mcc: '5812' });
    await p.sink.apply(a);
    expect(await pending(c)).toBe(500n);
    expect(await p.sink.apply(advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key, amountMinor: 25000n }))).toBe('APPLIED');
    expect(await pending(c)).toBe(0n);
    expect(await points(c)).toBe(0n);
    const earn = await p.ledger.postingsOf(p.db, `card:${a.key}:earn`);
    const rows = await p.db.query<{ journal_key: string }>(`SELECT journal_key FROM card_events WHERE original_key = $1`, [a.key]);
    const reversal = await p.ledger.postingsOf(p.db, nth(rows, 0).journal_key);
    expect(reversal.map((x) => ({ ...x, side: x.side === 'D' ? 'C' : 'D' })).sort((x, y) => (x.account < y.account ? -1 : 1))).toEqual(
      [...earn].sort((x, y) => (x.account < y.account ? -1 : 1)),
    );
    // a second reversal advice for the same original finds nothing left: refused, undoes nothing more
    expect(await p.sink.apply(advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key, amountMinor: 25000n }))).toBe('EXCEEDS_ORIGINAL');
    expect(await pending(c)).toBe(0n);
  });

  it('holds a reversal that arrives before its original and applies it when the original comes', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 7700n });
    const r = advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key, amountMinor: 7700n });
    expect(await p.sink.apply(r)).toBe('HELD');
    expect(await p.sink.apply(r)).toBe('DUPLICATE');
    expect(await pending(c)).toBe(0n);
    expect(await p.sink.apply(a)).toBe('APPLIED');
    expect(await pending(c)).toBe(0n);
    expect(await points(c)).toBe(0n);
    const statuses = await p.db.query<{ event_key: string; status: string }>(
      `SELECT event_key, status FROM card_events WHERE customer_id = $1 ORDER BY event_key`,
      [c],
    );
    expect(Object.fromEntries(statuses.map((s) => [s.event_key, s.status]))).toEqual({ [a.key]: 'REVERSED', [r.key]: 'APPLIED' });
  });

  it('reverses what is left when the points were already spent, never going below zero', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 30000n });
    await p.sink.apply(a);
    await p.ledger.post({
      idempotencyKey: `spend-${c}`,
      kind: 'POINTS_REDEEMED',
      customerId: c,
      businessDate: '2025-03-15',
      description: 'spent',
      postings: [
        { account: 'CUSTOMER_POINTS', customerId: c, side: 'D', amount: 250n, unit: POINTS_UNIT },
        { account: 'PROGRAMME_POINTS_REDEEMED', side: 'C', amount: 250n, unit: POINTS_UNIT },
      ],
    });
    await p.sink.apply(advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key, amountMinor: 30000n }));
    expect(await points(c)).toBe(0n);
    expect(await pending(c)).toBe(0n);
    expect(await p.ledger.balanceOf('PROGRAMME_POINTS_SHORTFALL', POINTS_UNIT)).toBeGreaterThanOrEqual(250n);
  });

  it('shows cash back on hold for an authorisation and replaces it when the purchase arrives', async () => {
    const c = fresh();
    const auth = advice({ customerId: c, kind: 'AUTHORISATION', amountMinor: 4000n, mcc: '5411' });
    expect(await p.sink.apply(auth)).toBe('APPLIED');
    expect(await onHold(c)).toBe(80n);
    expect(await pending(c)).toBe(0n);
    expect(await points(c)).toBe(0n);
    expect(await p.sink.apply(completing(auth))).toBe('APPLIED');
    expect(await onHold(c)).toBe(0n);
    expect(await pending(c)).toBe(80n);
    expect(await points(c)).toBe(40n);
  });

  it('ends a hold whose purchase never came after the documented time, and a reversed authorisation at once', async () => {
    const c = fresh();
    const at = new Date('2025-03-15T09:00:00Z');
    await p.sink.apply(advice({ customerId: c, kind: 'AUTHORISATION', amountMinor: 10000n, occurredAt: at }));
    expect(await p.sink.releaseStaleHolds(new Date(at.getTime() + 167 * 3_600_000))).toBe(0);
    expect(await onHold(c)).toBe(100n);
    expect(await p.sink.releaseStaleHolds(new Date(at.getTime() + 169 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await onHold(c)).toBe(0n);

    const auth = advice({ customerId: c, kind: 'AUTHORISATION', amountMinor: 5000n, occurredAt: new Date('2030-01-01T00:00:00Z') });
    await p.sink.apply(auth);
    expect(await onHold(c)).toBe(50n);
    await p.sink.apply(advice({ customerId: c, kind: 'REVERSAL', originalKey: auth.key, amountMinor: 5000n }));
    expect(await onHold(c)).toBe(0n);
  });

  it('earns a boosted rate at the partner merchants while the boost is valid', async () => {
    const c = fresh();
    const boost = {
      activationId: `act-${c}`,
      customerId: c,
      partnerId: 'P-COFFEE',
      merchantIds: ['M-COFFEE-1'],
      rateBasisPoints: 500,
      validFrom: '2025-03-01T00:00:00Z',
      validUntil: '2025-03-31T00:00:00Z',
    };
    expect(await activateBoost(p.db, boost)).toMatchObject({ ok: true, created: true });
    await p.sink.apply(advice({ customerId: c, amountMinor: 1000n, merchantId: 'M-COFFEE-1', occurredAt: new Date('2025-03-10T00:00:00Z') }));
    expect(await pending(c)).toBe(50n);
    await p.sink.apply(advice({ customerId: c, amountMinor: 1000n, merchantId: 'M-COFFEE-1', occurredAt: new Date('2025-04-01T00:00:00Z') }));
    await p.sink.apply(advice({ customerId: c, amountMinor: 1000n, merchantId: 'M-COFFEE-2', occurredAt: new Date('2025-03-10T00:00:00Z') }));
    expect(await pending(c)).toBe(50n + 10n + 10n);
  });

  it('applies advices that arrive together in shared transactions, each once, and settles one that fails alone', async () => {
    const [c1, c2, c3] = [fresh(), fresh(), fresh()];
    const auth = advice({ customerId: c1, kind: 'AUTHORISATION', amountMinor: 5000n, mcc: '5411' });
    expect(await p.sink.apply(auth)).toBe('APPLIED');
    const purchases = [c1, c2, c3, c1, c2, c3].map((c) => advice({ customerId: c, amountMinor: 10000n }));
    const yen = advice({ customerId: c2, amountMinor: 10000n, currency: 'JPY' });
    const journals = await p.ledger.journalCount();
    p.core.fxFails = new CoreError('CORE_UNAVAILABLE', 'GetExchangeRates', 'the core is down', { retryable: true });
    let settled: Array<PromiseSettledResult<string>>;
    try {
      // all at once: the first goes alone, the rest wait and share the next transactions
      settled = await Promise.allSettled([
        ...purchases.map((a) => p.sink.apply(a)),
        p.sink.apply(yen),
        p.sink.apply(completing(auth)),
        p.sink.apply({ ...nth(purchases, 0), repeat: true }),
      ]);
    } finally {
      p.core.fxFails = undefined;
    }
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : 'REJECTED'))).toEqual([
      ...purchases.map(() => 'APPLIED'),
      'REJECTED',
      'APPLIED',
      'DUPLICATE',
    ]);
    // six purchases and the completion posted once each; the yen purchase stored nothing and can come again
    expect(await p.ledger.journalCount()).toBe(journals + 6 + 2);
    expect(await p.db.query(`SELECT 1 FROM card_events WHERE event_key = $1`, [yen.key])).toHaveLength(0);
    expect(await points(c2)).toBe(200n);
    expect(await onHold(c1)).toBe(0n);
    await p.check();
  });

  it('refuses a malformed advice and stores nothing', async () => {
    const c = fresh();
    const before = await p.ledger.journalCount();
    await expect(p.sink.apply(advice({ customerId: c, currency: 'XXX' }))).rejects.toBeInstanceOf(CardAdviceError);
    await expect(p.sink.apply(advice({ customerId: c, amountMinor: -1n }))).rejects.toBeInstanceOf(CardAdviceError);
    await expect(p.sink.apply(advice({ customerId: c, kind: 'REVERSAL' }))).rejects.toMatchObject({ code: 'INVALID_ADVICE' });
    expect(await p.ledger.journalCount()).toBe(before);
    expect(await p.db.query(`SELECT 1 FROM card_events WHERE customer_id = $1`, [c])).toHaveLength(0);
  });
});
