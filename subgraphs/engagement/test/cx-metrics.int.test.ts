// cxMetrics through the engagement subgraph's GraphQL, called with a signed internal token as the
// gateway calls it, over the fixture of test/support/cx-fixture.ts: the figures as the schema gives
// them (decimal strings, counts, the previous period and the change, worked out by hand in
// cx-metrics-fixture.test.ts), the channel and segment arguments, FORBIDDEN for every caller without
// staff:cx:read, and BAD_USER_INPUT naming the argument for a bad period or segment.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { STAFF_CONTACTS_READ_SCOPE, STAFF_CX_READ_SCOPE, STAFF_READ_SCOPE } from '../../../lib/access';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { CX_NOW, CX_PERIOD, seedCxFixture } from './support/cx-fixture';

const cxLead: Caller = { subject: 'cx-lead-1', channel: 'staff', scopes: [STAFF_CX_READ_SCOPE] };

const FIGURES = `
  csat { value satisfied answered }
  nps { value promoters passives detractors answered }
  ces { mean scoreSum answered }
  responseRate { value answered requested }
  firstResponse { count p50Seconds p90Seconds meanSeconds }
  handling { count p50Seconds p90Seconds meanSeconds }
  selfService { share resolvedWithoutAgent resolvedFollowedByAgent sessions contacts }`;
const CX = `
  query($period: CxPeriodInput!, $channel: FeedbackChannel, $segment: CampaignSegmentInput) {
    cxMetrics(period: $period, channel: $channel, segment: $segment) {
      period { from to }
      previousPeriod { from to }
      channel
      current { ${FIGURES} }
      previous { ${FIGURES} }
      change {
        csat nps cesMean responseRate firstResponseP50Seconds firstResponseP90Seconds firstResponseMeanSeconds
        handlingP50Seconds handlingP90Seconds handlingMeanSeconds selfServiceShare
      }
    }
  }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, variables: Record<string, unknown>) {
  return (await gql(svc.url, CX, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } })).body;
}

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-cx-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => CX_NOW });
  await seedCxFixture(svc.db);
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cxMetrics over GraphQL', () => {
  it('gives the fixture’s hand-computed figures, the previous period’s and the change', async () => {
    const body = await call(cxLead, { period: CX_PERIOD });
    expect(body.errors).toBeUndefined();
    // the arithmetic of each number: cx-metrics-fixture.test.ts
    expect(body.data.cxMetrics).toEqual({
      period: { from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z' },
      previousPeriod: { from: '2026-05-25T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
      channel: null,
      current: {
        csat: { value: '66.67', satisfied: 4, answered: 6 },
        nps: { value: '14.29', promoters: 3, passives: 2, detractors: 2, answered: 7 },
        ces: { mean: '5.12', scoreSum: 41, answered: 8 },
        responseRate: { value: '87.50', answered: 21, requested: 24 },
        firstResponse: { count: 7, p50Seconds: '60.000', p90Seconds: '200.000', meanSeconds: '80.071' },
        handling: { count: 6, p50Seconds: '420.000', p90Seconds: '1200.000', meanSeconds: '610.000' },
        selfService: { share: '15.38', resolvedWithoutAgent: 2, resolvedFollowedByAgent: 2, sessions: 5, contacts: 13 },
      },
      previous: {
        csat: { value: '75.00', satisfied: 3, answered: 4 },
        nps: { value: '25.00', promoters: 2, passives: 1, detractors: 1, answered: 4 },
        ces: { mean: '5.00', scoreSum: 10, answered: 2 },
        responseRate: { value: '83.33', answered: 10, requested: 12 },
        firstResponse: { count: 4, p50Seconds: '40.000', p90Seconds: '100.000', meanSeconds: '55.000' },
        handling: { count: 4, p50Seconds: '360.000', p90Seconds: '600.000', meanSeconds: '435.000' },
        selfService: { share: '16.67', resolvedWithoutAgent: 1, resolvedFollowedByAgent: 0, sessions: 2, contacts: 6 },
      },
      change: {
        csat: '-8.33',
        nps: '-10.71',
        cesMean: '0.12',
        responseRate: '4.17',
        firstResponseP50Seconds: '20.000',
        firstResponseP90Seconds: '100.000',
        firstResponseMeanSeconds: '25.071',
        handlingP50Seconds: '60.000',
        handlingP90Seconds: '600.000',
        handlingMeanSeconds: '175.000',
        selfServiceShare: '-1.28',
      },
    });
  });

  it('keeps to a channel and a segment when given', async () => {
    const app = await call(cxLead, { period: CX_PERIOD, channel: 'APP' });
    expect(app.errors).toBeUndefined();
    expect(app.data.cxMetrics.channel).toBe('APP');
    // APP: F5; N2, N5, N7; E3, E7, E9 answered, E5 not; no contacts
    expect(app.data.cxMetrics.current).toMatchObject({
      csat: { value: '100.00', satisfied: 1, answered: 1 },
      nps: { value: '33.33', promoters: 2, detractors: 1, answered: 3 },
      ces: { mean: '5.33', scoreSum: 16, answered: 3 },
      firstResponse: { count: 0, p50Seconds: null, p90Seconds: null, meanSeconds: null },
      selfService: { share: null, contacts: 0 },
    });
    const gold = await call(cxLead, { period: CX_PERIOD, segment: { tiers: ['GOLD'] } });
    expect(gold.errors).toBeUndefined();
    expect(gold.data.cxMetrics.current).toMatchObject({
      csat: { value: '100.00', answered: 3 },
      firstResponse: { count: 3, p50Seconds: '30.000', p90Seconds: '90.000', meanSeconds: '45.000' },
      selfService: { share: '25.00', resolvedWithoutAgent: 1, contacts: 4 },
    });
    expect(gold.data.cxMetrics.change.nps).toBe('33.33');
  });

  it.each<[string, Caller]>([
    ['staff with contacts scopes only', { subject: 'agent-1', channel: 'staff', scopes: [STAFF_CONTACTS_READ_SCOPE, STAFF_READ_SCOPE] }],
    ['a customer', { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['customer:read', 'customer:write'] }],
    ['a kiosk', { subject: 'C-000001', customerId: 'C-000001', channel: 'kiosk', scopes: ['customer:read'] }],
    ['a partner holding the scope name', { subject: 'P-001', partnerId: 'P-001', channel: 'partner', scopes: [STAFF_CX_READ_SCOPE] }],
  ])('refuses %s with FORBIDDEN', async (_who, caller) => {
    const body = await call(caller, { period: CX_PERIOD });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data?.cxMetrics ?? null).toBeNull();
  });

  it.each([
    ['a period longer than 366 days', { period: { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' } }, 'period.to'],
    ['a period ending before it starts', { period: { from: '2026-06-08T00:00:00Z', to: '2026-06-01T00:00:00Z' } }, 'period.to'],
    ['a period without offsets', { period: { from: '2026-06-01T00:00:00', to: '2026-06-08T00:00:00Z' } }, 'period.from'],
    ['an empty tier list', { period: CX_PERIOD, segment: { tiers: [] } }, 'segment.tiers'],
    ['a day count out of range', { period: CX_PERIOD, segment: { activeWithinDays: 0 } }, 'segment.activeWithinDays'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_what, variables, argumentName) => {
    const body = await call(cxLead, variables);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
  });
});
