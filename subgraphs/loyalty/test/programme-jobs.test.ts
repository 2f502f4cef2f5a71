// Settlement, points expiry, redemption and the rules file, on the embedded store with a fake core
// and fake partners and an injected clock. Ledger invariants are checked after every scenario.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { CoreError } from '../../../legacy-adapters/soap/src';
import { advice, FUNDING_ACCOUNT, useMemoryProgramme } from './support/programme';
import { POINTS_UNIT } from '../src/domain/ledger/chart';
import { pointsEarnedJournal } from '../src/domain/ledger/loyalty-journals';
import { runExpiry } from '../src/db/points-expiry';
import { monthsBefore } from '../src/domain/expiry';
import { cashForPoints } from '../src/domain/redemption';
import { parseRules } from '../src/domain/rules';
import { PartnerDirectory } from '../src/adapters/partner-directory';
import { DailyJobs } from '../src/domain/daily-jobs';
import { parseFundingAccounts, loyaltyConfigFromEnv, loadRules, DEFAULT_RULES_FILE } from '../src/config';

jest.setTimeout(60000);

const p = useMemoryProgramme();
let n = 0;
const fresh = () => `J-${++n}`;
const pending = (c: string) => p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c);
const points = (c: string) => p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c);

async function grant(c: string, pts: bigint, at: Date, key = `grant-${c}-${at.toISOString()}`) {
  await p.ledger.post({
    ...pointsEarnedJournal({ customerId: c, points: pts, businessDate: at.toISOString().slice(0, 10), idempotencyKey: key, description: 'test grant' }),
    postedAt: at,
  });
}

describe('daily settlement', () => {
  it('pays each customer their cash back once, with the CASHBACK-<customer>-<date> reference, and a re-run pays nothing', async () => {
    const a = fresh();
    const b = fresh();
    const accA = p.core.giveCurrentAccount(a);
    const accB = p.core.giveCurrentAccount(b);
    p.clock.now = new Date('2025-04-01T10:00:00Z');
    await p.sink.apply(advice({ customerId: a, amountMinor: 12345n }));
    await p.sink.apply(advice({ customerId: b, amountMinor: 5000n, mcc: '5411' }));
    p.clock.now = new Date('2025-04-02T00:30:00Z');
    await p.sink.apply(advice({ customerId: a, amountMinor: 99900n })); // next day's: not part of 2025-04-01

    const first = await p.settlement.settleDay('2025-04-01');
    const mine = first.paid.filter((x) => x.customerId === a || x.customerId === b);
    expect(mine).toEqual([
      { customerId: a, currency: 'EUR', amount: '1.23', reference: `CASHBACK-${a}-2025-04-01`, replayed: false },
      { customerId: b, currency: 'EUR', amount: '1.00', reference: `CASHBACK-${b}-2025-04-01`, replayed: false },
    ]);
    expect(p.core.transfers.filter((t) => t.toAccountId === accA || t.toAccountId === accB)).toEqual([
      expect.objectContaining({
        fromAccountId: FUNDING_ACCOUNT,
        toAccountId: accA,
        amount: '1.23',
        currency: 'EUR',
        callerReference: `CASHBACK-${a}-2025-04-01`,
      }),
      expect.objectContaining({
        fromAccountId: FUNDING_ACCOUNT,
        toAccountId: accB,
        amount: '1.00',
        currency: 'EUR',
        callerReference: `CASHBACK-${b}-2025-04-01`,
      }),
    ]);
    expect(await pending(a)).toBe(999n);
    expect(await pending(b)).toBe(0n);

    const calls = p.core.calls.transfer;
    const again = await p.settlement.settleDay('2025-04-01');
    expect(again.paid.filter((x) => x.customerId === a || x.customerId === b)).toEqual([]);
    expect(p.core.calls.transfer).toBe(calls);
    expect(await pending(a)).toBe(999n);
  });

  it('finishes a run interrupted after the core paid, without paying twice', async () => {
    const c = fresh();
    p.core.giveCurrentAccount(c);
    p.clock.now = new Date('2025-05-01T10:00:00Z');
    await p.sink.apply(advice({ customerId: c, amountMinor: 20000n }));
    p.core.loseReplyFor = `CASHBACK-${c}-2025-05-01`;
    const first = await p.settlement.settleDay('2025-05-01');
    expect(first.skipped).toContainEqual(expect.objectContaining({ customerId: c, reason: 'CORE_UNAVAILABLE' }));
    expect(await pending(c)).toBe(200n);
    const second = await p.settlement.settleDay('2025-05-01');
    expect(second.paid).toContainEqual(expect.objectContaining({ customerId: c, amount: '2.00', replayed: true }));
    expect(p.core.transfers.filter((t) => t.callerReference === `CASHBACK-${c}-2025-05-01`)).toHaveLength(1);
    expect(await pending(c)).toBe(0n);
  });

  it('leaves the cash back pending for a customer without a current account, and pays it once one exists', async () => {
    const c = fresh();
    p.clock.now = new Date('2025-06-01T10:00:00Z');
    await p.sink.apply(advice({ customerId: c, amountMinor: 30000n }));
    const report = await p.settlement.settleDay('2025-06-01');
    expect(report.skipped).toContainEqual({ customerId: c, currency: 'EUR', reason: 'NO_CURRENT_ACCOUNT' });
    expect(await pending(c)).toBe(300n);
    p.core.giveCurrentAccount(c);
    const later = await p.settlement.settleDay('2025-06-02');
    expect(later.paid).toContainEqual(expect.objectContaining({ customerId: c, amount: '3.00', reference: `CASHBACK-${c}-2025-06-02` }));
    expect(await pending(c)).toBe(0n);
  });

  it('runs the daily jobs once a day after their time', async () => {
    const seen: string[] = [];
    const clock = { now: new Date('2025-07-02T00:10:00Z') };
    const jobs = new DailyJobs('00:30', () => clock.now, createLogger('t'), {
      settleDay: async (d) => seen.push(`settle ${d}`),
      reconcileRedemptions: async () => seen.push('redemptions'),
      releaseStaleHolds: async () => seen.push('holds'),
      runExpiry: async () => seen.push('expiry'),
    });
    expect(await jobs.tick()).toBe(false);
    clock.now = new Date('2025-07-02T00:31:00Z');
    expect(await jobs.tick()).toBe(true);
    expect(await jobs.tick()).toBe(false);
    expect(seen).toEqual(['settle 2025-07-01', 'redemptions', 'holds', 'expiry']);
  });
});

describe('points expiry', () => {
  it('expires points 24 months after they were earned, oldest first, once', async () => {
    const c = fresh();
    const t0 = new Date('2022-01-10T12:00:00Z');
    await grant(c, 100n, t0);
    await p.ledger.post({
      idempotencyKey: `spend-${c}`,
      kind: 'POINTS_REDEEMED',
      customerId: c,
      businessDate: '2022-02-10',
      description: 'spent',
      postedAt: new Date('2022-02-10T12:00:00Z'),
      postings: [
        { account: 'CUSTOMER_POINTS', customerId: c, side: 'D', amount: 30n, unit: POINTS_UNIT },
        { account: 'PROGRAMME_POINTS_REDEEMED', side: 'C', amount: 30n, unit: POINTS_UNIT },
      ],
    });
    await grant(c, 50n, new Date('2023-02-10T12:00:00Z'));

    const early = await runExpiry(p.db, p.ledger, 24, new Date('2024-01-10T11:00:00Z'));
    expect(early.expired.find((e) => e.customerId === c)).toBeUndefined();
    const due = await runExpiry(p.db, p.ledger, 24, new Date('2024-01-11T00:00:00Z'));
    expect(due.expired).toContainEqual({ customerId: c, points: '70' }); // 100 earned - 30 spent (oldest first)
    expect(await points(c)).toBe(50n);
    const again = await runExpiry(p.db, p.ledger, 24, new Date('2024-01-12T00:00:00Z'));
    expect(again.expired.find((e) => e.customerId === c)).toBeUndefined();
    await runExpiry(p.db, p.ledger, 24, new Date('2025-02-11T00:00:00Z'));
    expect(await points(c)).toBe(0n);
  });

  it('counts months on the calendar', () => {
    expect(monthsBefore(new Date('2026-03-31T05:00:00Z'), 24).toISOString()).toBe('2024-03-31T05:00:00.000Z');
    expect(monthsBefore(new Date('2026-02-28T00:00:00Z'), 24).toISOString()).toBe('2024-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2025-03-31T00:00:00Z'), 1).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });
});

describe('redemption', () => {
  const key = (s: string) => `key-${s}-0001`;

  it('turns 100 points into 1.00 on the current account, once per key', async () => {
    const c = fresh();
    const acc = p.core.giveCurrentAccount(c);
    await grant(c, 1000n, p.clock.now);
    const r = await p.redemptions.redeem({ customerId: c, points: 250, for: 'CASH', idempotencyKey: key(c) });
    expect(r).toMatchObject({ for: 'CASH', points: 250, cash: { minor: '250', currency: 'EUR' }, pointsBalance: 750 });
    expect(p.core.transfers.filter((t) => t.toAccountId === acc)).toEqual([expect.objectContaining({ amount: '2.50', fromAccountId: FUNDING_ACCOUNT })]);
    const again = await p.redemptions.redeem({ customerId: c, points: 250, for: 'CASH', idempotencyKey: key(c) });
    expect(again).toEqual(r);
    expect(await points(c)).toBe(750n);
    expect(p.core.transfers.filter((t) => t.toAccountId === acc)).toHaveLength(1);
    await expect(p.redemptions.redeem({ customerId: c, points: 300, for: 'CASH', idempotencyKey: key(c) })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await points(c)).toBe(750n);
  });

  it('refuses more points than the balance with INSUFFICIENT_POINTS and changes nothing', async () => {
    const c = fresh();
    p.core.giveCurrentAccount(c);
    await grant(c, 100n, p.clock.now);
    const transfers = p.core.calls.transfer;
    await expect(p.redemptions.redeem({ customerId: c, points: 200, for: 'CASH', idempotencyKey: key(c) })).rejects.toMatchObject({
      code: 'INSUFFICIENT_POINTS',
    });
    expect(await points(c)).toBe(100n);
    expect(p.core.calls.transfer).toBe(transfers);
  });

  it('gives the points back when the core refuses the payment', async () => {
    const c = fresh();
    p.core.giveCurrentAccount(c);
    await grant(c, 500n, p.clock.now);
    p.core.failNext = new CoreError('ACCOUNT_CLOSED', 'CreateTransaction', 'closed');
    p.core.failReference = undefined;
    await expect(p.redemptions.redeem({ customerId: c, points: 500, for: 'CASH', idempotencyKey: key(c) })).rejects.toMatchObject({ code: 'CORE_REFUSED' });
    expect(await points(c)).toBe(500n);
  });

  it('refuses bad input before anything is touched', async () => {
    const c = fresh();
    await expect(p.redemptions.redeem({ customerId: c, points: 0, for: 'CASH', idempotencyKey: key(c) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(p.redemptions.redeem({ customerId: c, points: 10, for: 'REWARD', idempotencyKey: key(c) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(p.redemptions.redeem({ customerId: c, points: 10, for: 'CASH', idempotencyKey: 'short' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(cashForPoints(150, 'EUR')).toBe(150n);
    expect(cashForPoints(150, 'JPY')).toBeUndefined();
  });

  it('issues a partner reward at its catalogue price and releases it when the points are short', async () => {
    const c = fresh();
    p.partners.rewards.set('RW-COFFEE', { price: 400, stock: 2 });
    await grant(c, 500n, p.clock.now);
    const r = await p.redemptions.redeem({ customerId: c, points: 450, for: 'REWARD', rewardId: 'RW-COFFEE', idempotencyKey: key(c) });
    expect(r).toMatchObject({ for: 'REWARD', points: 400, reward: { rewardId: 'RW-COFFEE', voucherCode: expect.stringMatching(/^V-/) }, pointsBalance: 100 });
    expect(p.partners.rewards.get('RW-COFFEE')?.stock).toBe(1);
    await expect(
      p.redemptions.redeem({ customerId: c, points: 450, for: 'REWARD', rewardId: 'RW-COFFEE', idempotencyKey: `${key(c)}-2` }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_POINTS',
    });
    expect(p.partners.rewards.get('RW-COFFEE')?.stock).toBe(1); // issued, then released
    expect(await points(c)).toBe(100n);
    await expect(p.redemptions.redeem({ customerId: c, points: 50, for: 'REWARD', rewardId: 'RW-NONE', idempotencyKey: `${key(c)}-3` })).rejects.toMatchObject({
      code: 'REWARD_NOT_FOUND',
    });
  });
});

describe('rules file and settings', () => {
  it('loads the bundled rules', () => {
    const r = loadRules(DEFAULT_RULES_FILE);
    expect(r.cashBack.defaultBasisPoints).toBe(100);
    expect(r.cashBack.byMcc.flatMap((m) => m.mcc).sort()).toEqual(['5411', '5412', '5812', '5814']);
    expect(r.points.partnerMultiplier).toBe(30000n);
    expect(r.engagement).toEqual({ E_STATEMENTS: 50, PROFILE_COMPLETED: 20 });
  });

  it('refuses a bad rules file naming the file and the fields', () => {
    const base = JSON.parse(JSON.stringify(loadRules(), (_k, v) => (typeof v === 'bigint' ? undefined : v)));
    expect(() => parseRules({ ...base, cashBack: { defaultBasisPoints: 100.5, byMcc: [] } }, 'x.json')).toThrow(ConfigError);
    expect(() => parseRules({ ...base, cashBack: { defaultBasisPoints: 100.5, byMcc: [] } }, 'x.json')).toThrow(/x\.json[\s\S]*cashBack\.defaultBasisPoints/);
    const dir = mkdtempSync(join(tmpdir(), 'loyalty-rules-'));
    try {
      writeFileSync(join(dir, 'bad.json'), '{ not json');
      expect(() => loadRules(join(dir, 'bad.json'))).toThrow(/LOYALTY_RULES_FILE: .*not valid JSON/);
      expect(() => loadRules(join(dir, 'missing.json'))).toThrow(/LOYALTY_RULES_FILE: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads funding accounts and the settlement time from the environment', () => {
    expect(parseFundingAccounts('EUR=ACC-1, GBP=ACC-2')).toEqual({ EUR: 'ACC-1', GBP: 'ACC-2' });
    expect(loyaltyConfigFromEnv({ LOYALTY_FUNDING_ACCOUNTS: 'EUR=ACC-9' }).LOYALTY_FUNDING_ACCOUNTS).toEqual({ EUR: 'ACC-9' });
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FUNDING_ACCOUNTS: 'EUR:ACC-9' })).toThrow(/LOYALTY_FUNDING_ACCOUNTS/);
    expect(() => loyaltyConfigFromEnv({ LOYALTY_SETTLEMENT_TIME: '25:00' })).toThrow(/LOYALTY_SETTLEMENT_TIME/);
    expect(loyaltyConfigFromEnv({}).LOYALTY_SETTLEMENT_TIME).toBe('00:30');
  });

  it('keeps the last known partner merchants when partners is down', async () => {
    let up = true;
    const port = {
      merchants: async () => {
        if (!up) throw new Error('connection refused');
        return [{ partnerId: 'P-1', merchantIds: ['M-1'], earnBoost: '2.5' }];
      },
      issueReward: async () => ({ ok: false as const, code: 'REWARD_NOT_FOUND' as const }),
      releaseReward: async () => false,
    };
    const warnings: unknown[] = [];
    const log = { warn: (o: unknown) => warnings.push(o), info: () => undefined } as never;
    const dir = new PartnerDirectory(port, log);
    expect(await dir.refresh()).toBe(true);
    up = false;
    expect(await dir.refresh()).toBe(false);
    expect(dir.partnerOf('M-1')).toEqual({ partnerId: 'P-1', earnBoostBp: 25000n });
    expect(warnings).toHaveLength(1);
  });
});

describe('the loyalty process', () => {
  it('stops with exit code 78 and a message naming LOYALTY_RULES_FILE when the rules file is bad', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'subgraphs/loyalty/src/main.ts'], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, NODE_OPTIONS: '', LOYALTY_RULES_FILE: '/nonexistent/rules.json', LOYALTY_PORT: '0' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(res.status).toBe(78);
    expect(res.stderr).toMatch(/LOYALTY_RULES_FILE: cannot read \/nonexistent\/rules\.json/);
  });
});
