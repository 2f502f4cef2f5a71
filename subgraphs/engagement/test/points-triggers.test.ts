// POINTS_EXPIRING (loyalty's PointsExpiring) and PARTNER_REWARD_IN_REACH (a PointsChanged gain that
// crosses into reach of a partner reward): the pure crossing rule, the consumer's mapping, the
// catalogue read (cached, skipped when partners does not answer), and the messages in the inbox
// through the engine (marketing consent decides the in-reach message, not the expiry warning).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { newEvent, type DomainEvent } from '../../../lib/events';
import { createLogger } from '../../../lib/logger';
import type { ServiceClient } from '../../../lib/service-client';
import { ServiceMetrics } from '../../../lib/service-metrics';
import { triggersOf, type TriggerSettings } from '../src/adapters/event-consumer';
import { PartnerRewardCatalogue, type RewardCatalogue, rewardsReader } from '../src/adapters/partner-rewards';
import { engagementConfigFromEnv } from '../src/config';
import { rewardInReachTrigger, type RewardOffer, shareBasisPoints } from '../src/domain/reward-in-reach';
import { invalidTrigger } from '../src/domain/triggers';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';

const SETTINGS: TriggerSettings = { homeCurrency: 'EUR', largeCardUse: { minor: 100_000n, currency: 'EUR' } };
const now = new Date('2026-12-04T10:00:00Z');
const COFFEE: RewardOffer = { rewardId: 'R-BEAN-01', partnerName: 'Bean Street', title: 'A free flat white', pointsPrice: 500n };
const FLIGHT: RewardOffer = { rewardId: 'R-SKY-01', partnerName: 'Skylark', title: 'Lounge pass', pointsPrice: 1000n };
let seq = 0;

const gain = (delta: bigint, balance: bigint) => ({ eventId: 'e-1', customerId: 'C-000001', occurredAt: now, delta, balance });
const shortOf = (delta: bigint, balance: bigint, rewards: RewardOffer[] = [COFFEE, FLIGHT], share = 9000) => {
  const t = rewardInReachTrigger(gain(delta, balance), rewards, share);
  return t?.kind === 'PARTNER_REWARD_IN_REACH' ? `${t.rewardTitle} -${t.pointsShort}` : undefined;
};

function pointsChanged(customerId: string, delta: bigint, balance: bigint): DomainEvent<'PointsChanged'> {
  return newEvent({
    type: 'PointsChanged',
    key: `journal:test-${++seq}`,
    customerId,
    occurredAt: now,
    payload: { journalId: `J-${seq}`, reason: 'CARD_PURCHASE', delta: delta.toString(), balance: balance.toString() },
  });
}

function pointsExpiring(customerId: string, points: bigint, expiresOn: string): DomainEvent<'PointsExpiring'> {
  return newEvent({
    type: 'PointsExpiring',
    key: `expiry-warning:${customerId}:${expiresOn}`,
    customerId,
    occurredAt: now,
    payload: { points: points.toString(), expiresOn },
  });
}

describe('the in-reach rule', () => {
  it('tells when a gain crosses into reach (at least 90 % of the cost, below it), once, and not past the cost', () => {
    expect(shortOf(60n, 460n)).toBe('A free flat white -40'); // 400 -> 460: crosses 450
    expect(shortOf(10n, 470n)).toBeUndefined(); // 460 -> 470: already within reach
    expect(shortOf(50n, 520n)).toBeUndefined(); // past the coffee, far from the lounge
    expect(shortOf(60n, 910n)).toBe('Lounge pass -90'); // 850 -> 910: crosses 900
    expect(shortOf(600n, 1000n)).toBeUndefined(); // 400 -> 1000: both affordable, none "within reach"
  });

  it('counts exactly the share as within reach, one point less as not', () => {
    expect(shortOf(50n, 450n)).toBe('A free flat white -50');
    expect(shortOf(49n, 449n)).toBeUndefined();
    expect(shortOf(1n, 450n)).toBe('A free flat white -50'); // 449 -> 450
  });

  it('tells the cheapest of several crossed at once, and follows the share', () => {
    const tea: RewardOffer = { rewardId: 'R-TEA-01', partnerName: 'Leaf', title: 'Tea', pointsPrice: 510n };
    expect(shortOf(100n, 470n, [tea, COFFEE])).toBe('A free flat white -30');
    expect(shortOf(100n, 410n, [COFFEE], 8000)).toBe('A free flat white -90'); // 310 -> 410: 80 % is 400
    expect(shortOf(100n, 410n, [COFFEE])).toBeUndefined();
  });

  it('ignores losses, an empty catalogue, and gives a valid trigger under its own id', () => {
    expect(shortOf(-540n, 460n)).toBeUndefined(); // 1000 -> 460 by spending: no "in reach" after a redemption
    expect(shortOf(60n, 460n, [])).toBeUndefined();
    const t = rewardInReachTrigger(gain(60n, 460n), [COFFEE]);
    expect(t).toEqual({
      id: 'e-1:reward-in-reach',
      customerId: 'C-000001',
      occurredAt: now,
      kind: 'PARTNER_REWARD_IN_REACH',
      partnerName: 'Bean Street',
      rewardTitle: 'A free flat white',
      pointsShort: 40n,
    });
    expect(invalidTrigger(t!)).toBeUndefined();
  });

  it('reads the share setting as basis points, refusing what is not above 0 and below 1', () => {
    expect(shareBasisPoints('0.9')).toBe(9000);
    expect(shareBasisPoints('0.95')).toBe(9500);
    expect(shareBasisPoints('0.0001')).toBe(1);
    for (const bad of ['0', '0.0', '1', '1.0', '0.12345', '.9', '-0.9']) expect(() => shareBasisPoints(bad)).toThrow();
    expect(engagementConfigFromEnv({}).ENGAGEMENT_REWARD_IN_REACH_SHARE).toBe(9000);
    expect(engagementConfigFromEnv({ ENGAGEMENT_REWARD_IN_REACH_SHARE: '0.75' }).ENGAGEMENT_REWARD_IN_REACH_SHARE).toBe(7500);
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_REWARD_IN_REACH_SHARE: '1.5' })).toThrow(/ENGAGEMENT_REWARD_IN_REACH_SHARE/);
  });
});

describe('the consumer mapping', () => {
  it('turns PointsExpiring into POINTS_EXPIRING under the event id', () => {
    const e = pointsExpiring('C-000001', 120n, '2027-01-03');
    const ts = triggersOf(e, SETTINGS);
    expect(ts).toEqual([{ id: e.id, customerId: 'C-000001', occurredAt: now, kind: 'POINTS_EXPIRING', points: 120n, expiresOn: '2027-01-03' }]);
    expect(ts.map(invalidTrigger)).toEqual([undefined]);
  });

  it('turns a crossing PointsChanged into PARTNER_REWARD_IN_REACH with the catalogue given, and nothing without one', () => {
    const e = pointsChanged('C-000001', 60n, 460n);
    expect(triggersOf(e, SETTINGS, [], [COFFEE, FLIGHT])).toEqual([
      expect.objectContaining({ id: `${e.id}:reward-in-reach`, kind: 'PARTNER_REWARD_IN_REACH', pointsShort: 40n }),
    ]);
    expect(triggersOf(e, SETTINGS)).toEqual([]);
    expect(triggersOf(e, { ...SETTINGS, rewardInReachShareBp: 9500 }, [], [COFFEE])).toEqual([]);
  });

  it('refuses (in the catalogue) a PointsExpiring without positive points or a real date', () => {
    expect(() => pointsExpiring('C-000001', 0n, '2027-01-03')).toThrow(/points/);
    expect(() =>
      newEvent({ type: 'PointsExpiring', key: 'k', customerId: 'C-000001', occurredAt: now, payload: { points: '5', expiresOn: '2027-13-01' } }),
    ).toThrow(/expiresOn/);
  });
});

describe('the reward catalogue from partners', () => {
  const row = { rewardId: 'R-BEAN-01', partnerId: 'P-BEAN', partnerName: 'Bean Street', title: 'A free flat white', pointsPrice: 500 };

  function fakePartners(answers: Array<{ status: number; body: unknown } | Error>) {
    const calls: string[] = [];
    const client = {
      request: async (method: string, path: string) => {
        calls.push(`${method} ${path}`);
        const next = answers.shift();
        if (!next || next instanceof Error) throw next ?? new Error('no answer');
        return next;
      },
    } as unknown as ServiceClient;
    return { client, calls };
  }

  it('keeps a read catalogue for its time, then reads again', async () => {
    let t = 0;
    const { client, calls } = fakePartners([
      { status: 200, body: [row] },
      { status: 200, body: [{ ...row, pointsPrice: 600 }] },
    ]);
    const cat = new PartnerRewardCatalogue(client, { ttlMs: 1000, now: () => t });
    expect(await cat.rewards()).toEqual([{ rewardId: 'R-BEAN-01', partnerName: 'Bean Street', title: 'A free flat white', pointsPrice: 500n }]);
    t = 999;
    await cat.rewards();
    expect(calls).toEqual(['GET /internal/rewards/catalogue']);
    t = 1000;
    expect((await cat.rewards())[0]?.pointsPrice).toBe(600n);
    expect(calls).toHaveLength(2);
  });

  it('skips the check when partners does not answer: no trigger, the event still handled, counted, no call again for a while', async () => {
    let t = 0;
    const { client, calls } = fakePartners([new Error('connect ECONNREFUSED'), { status: 503, body: {} }, { status: 200, body: [row] }]);
    const cat = new PartnerRewardCatalogue(client, { quietAfterFailureMs: 30_000, now: () => t });
    const metrics = new ServiceMetrics('engagement', { defaultMetrics: false });
    const read = rewardsReader(cat, metrics, createLogger('test'));
    const e = pointsChanged('C-000001', 60n, 460n);
    expect(await read(e)).toEqual([]);
    expect(await read(e)).toEqual([]); // within the quiet time: no call
    expect(calls).toHaveLength(1);
    t = 30_000;
    expect(await read(e)).toEqual([]); // 503
    t = 60_000;
    expect(triggersOf(e, SETTINGS, [], await read(e))).toHaveLength(1);
    expect(calls).toHaveLength(3);
    expect(await metrics.text()).toMatch(/engagement_reward_in_reach_skipped_total\{service="engagement"\} 3/);
  });

  it('reads nothing for an event that is not a gain', async () => {
    let asked = 0;
    const cat: RewardCatalogue = { rewards: async () => (asked++, [COFFEE]) };
    const read = rewardsReader(cat);
    expect(await read(pointsChanged('C-000001', -10n, 460n))).toEqual([]);
    expect(await read(pointsExpiring('C-000001', 10n, '2027-01-03'))).toEqual([]);
    expect(asked).toBe(0);
    expect(await read(pointsChanged('C-000001', 10n, 460n))).toEqual([COFFEE]);
  });

  it('refuses an answer that does not match the contract', async () => {
    const { client } = fakePartners([{ status: 200, body: [{ ...row, pointsPrice: '500' }] }]);
    await expect(new PartnerRewardCatalogue(client).rewards()).rejects.toThrow(/contract/);
  });
});

describe('points messages in the inbox', () => {
  let dir: string;
  let svc: RunningEngagement;
  const consenting = 'C-000201';
  const notConsenting = 'C-000202';

  /** As the running consumer does: the mapping, then the engine, with the catalogue given. */
  async function deliver(e: DomainEvent, rewards: RewardOffer[] = [COFFEE, FLIGHT]) {
    return Promise.all(triggersOf(e, SETTINGS, [], rewards).map((t) => svc.engine.handle(t)));
  }
  const inbox = async (c: string) => (await svc.messages.inbox(c, now, 50)).map((m) => ({ kind: m.kind, title: m.title, body: m.body }));

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    dir = tempDir('corebridge-engagement-points-');
    svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => now });
    await svc.preferences.change(consenting, { kind: 'MARKETING_CONSENT', granted: true }, 'mobile');
  }, 60000);

  afterAll(async () => {
    await svc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts the expiry warning in every customer inbox (REWARDS: no consent needed), once per event', async () => {
    for (const c of [consenting, notConsenting]) {
      const e = pointsExpiring(c, 1250n, '2027-01-03');
      await deliver(e);
      const [again] = await deliver(e);
      expect(again?.replayed).toBe(true);
      expect(await inbox(c)).toEqual([{ kind: 'POINTS_EXPIRING', title: 'Points expiring', body: expect.stringContaining('points expire on') }]);
    }
  });

  it('puts the reward in reach in the inbox of a customer who consented to marketing only', async () => {
    const [yes] = await deliver(pointsChanged(consenting, 60n, 460n));
    expect(yes?.decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'SENT' });
    const [no] = await deliver(pointsChanged(notConsenting, 60n, 460n));
    expect(no?.decisions.find((d) => d.channel === 'IN_APP')).toMatchObject({ outcome: 'SUPPRESSED', rule: 'MARKETING_CONSENT' });
    expect((await inbox(consenting)).find((m) => m.kind === 'PARTNER_REWARD_IN_REACH')).toEqual({
      kind: 'PARTNER_REWARD_IN_REACH',
      title: 'A reward within reach',
      body: expect.stringContaining('A free flat white'),
    });
    expect((await inbox(notConsenting)).map((m) => m.kind)).toEqual(['POINTS_EXPIRING']);
    // a further gain while within reach tells nothing
    expect(await deliver(pointsChanged(consenting, 5n, 465n))).toEqual([]);
  });
});
