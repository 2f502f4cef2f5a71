// The CX metrics fixture (docs/cx.md "CX metrics"): a known set of contacts, feedback requests and
// customer tiers over two weeks, whose figures are worked out by hand in test/cx-metrics-fixture.test.ts
// and cx-metrics.int.test.ts. Contacts go through ContactStore as the GraphQL operations write them
// (no feedback hook: the requests are written here, so each kind, channel and score is the one
// chosen; which kind a moment asks is feedback.test.ts's business). Customer facts get a tier only.
//
// Current period  [2026-06-01T00:00Z, 2026-06-08T00:00Z)   (7 days)
// Previous period [2026-05-25T00:00Z, 2026-06-01T00:00Z)
import { createHash } from 'node:crypto';
import type { Database } from '../../../../lib/db/database';
import { ContactStore } from '../../src/db/contact-store';
import { checkAgentContact, checkSelfServiceSession, type ContactChannel } from '../../src/domain/contacts';

export const CX_PERIOD = { from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z' };
/** when the metrics are asked (after every answer, including the late one) */
export const CX_NOW = new Date('2026-06-20T12:00:00Z');

const S = 1000;
const MIN = 60 * S;
const at = (iso: string) => new Date(iso);

/** GOLD: C-000001..3, SILVER: C-000004..5; the others are unknown to the customer facts. */
export const CX_TIERS: Readonly<Record<string, string>> = {
  'C-000001': 'GOLD',
  'C-000002': 'GOLD',
  'C-000003': 'GOLD',
  'C-000004': 'SILVER',
  'C-000005': 'SILVER',
};

interface AgentRow {
  name: string;
  customer: string;
  channel: Exclude<ContactChannel, 'KIOSK' | 'VISUAL_IVR'>;
  start: string;
  /** first agent action after the start, ms; none: no agent acted */
  firstResponseMs?: number;
  /** end after the start, ms; none: still open */
  endMs?: number;
}

interface SessionRow {
  name: string;
  customer: string;
  channel: 'KIOSK' | 'VISUAL_IVR';
  start: string;
  endMs: number;
  resolved: boolean;
}

export const AGENT_CONTACTS: readonly AgentRow[] = [
  // current period
  { name: 'A1', customer: 'C-000001', channel: 'PHONE', start: '2026-06-01T00:00:00Z', firstResponseMs: 30 * S, endMs: 5 * MIN }, // at `from`: in
  { name: 'A2', customer: 'C-000002', channel: 'PHONE', start: '2026-06-02T10:00:00Z', firstResponseMs: 90 * S, endMs: 10 * MIN },
  { name: 'A3', customer: 'C-000004', channel: 'CHAT', start: '2026-06-03T11:00:00Z', firstResponseMs: 45_500, endMs: 7 * MIN },
  { name: 'A4', customer: 'C-000006', channel: 'BRANCH', start: '2026-06-04T12:00:00Z', firstResponseMs: 120 * S, endMs: 20 * MIN },
  { name: 'A5', customer: 'C-000003', channel: 'PHONE', start: '2026-06-05T13:00:00Z', firstResponseMs: 15 * S }, // open
  { name: 'A6', customer: 'C-000007', channel: 'CHAT', start: '2026-06-06T14:00:00Z' }, // open, no response
  { name: 'A7', customer: 'C-000008', channel: 'PHONE', start: '2026-06-06T10:00:00Z', firstResponseMs: 60 * S, endMs: 4 * MIN }, // follows S2
  { name: 'A9', customer: 'C-000005', channel: 'PHONE', start: '2026-06-03T08:05:00Z', firstResponseMs: 200 * S, endMs: 15 * MIN }, // 24 h after S1's end: not a follow-up
  // after the current period (follows S4 within 24 h of its end)
  { name: 'A8', customer: 'C-000010', channel: 'PHONE', start: '2026-06-08T10:00:00Z', firstResponseMs: 10 * S, endMs: 3 * MIN },
  // previous period
  { name: 'P1', customer: 'C-000001', channel: 'PHONE', start: '2026-05-26T09:00:00Z', firstResponseMs: 40 * S, endMs: 6 * MIN },
  { name: 'P2', customer: 'C-000004', channel: 'CHAT', start: '2026-05-27T10:00:00Z', firstResponseMs: 100 * S, endMs: 8 * MIN },
  { name: 'P3', customer: 'C-000006', channel: 'BRANCH', start: '2026-05-28T11:00:00Z', firstResponseMs: 20 * S, endMs: 10 * MIN },
  { name: 'P4', customer: 'C-000002', channel: 'PHONE', start: '2026-05-31T23:59:59Z', firstResponseMs: 60 * S, endMs: 5 * MIN }, // ends in the current period, counts in the previous
  // before both periods
  { name: 'X1', customer: 'C-000001', channel: 'PHONE', start: '2026-05-24T23:59:59Z', firstResponseMs: 1 * S, endMs: 1 * MIN },
];

export const SESSIONS: readonly SessionRow[] = [
  // current period
  { name: 'S1', customer: 'C-000005', channel: 'KIOSK', start: '2026-06-02T08:00:00Z', endMs: 5 * MIN, resolved: true }, // A9 is 24 h after: too late
  { name: 'S2', customer: 'C-000008', channel: 'VISUAL_IVR', start: '2026-06-06T09:00:00Z', endMs: 10 * MIN, resolved: true }, // followed by A7
  { name: 'S3', customer: 'C-000009', channel: 'KIOSK', start: '2026-06-03T15:00:00Z', endMs: 2 * MIN, resolved: false },
  { name: 'S4', customer: 'C-000010', channel: 'KIOSK', start: '2026-06-07T23:00:00Z', endMs: 30 * MIN, resolved: true }, // followed by A8, after the period
  { name: 'S5', customer: 'C-000001', channel: 'VISUAL_IVR', start: '2026-06-04T08:00:00Z', endMs: 1 * MIN, resolved: true }, // A1 was before it
  // previous period
  { name: 'PS1', customer: 'C-000005', channel: 'KIOSK', start: '2026-05-29T08:00:00Z', endMs: 3 * MIN, resolved: true },
  { name: 'PS2', customer: 'C-000009', channel: 'VISUAL_IVR', start: '2026-05-30T12:00:00Z', endMs: 5 * MIN, resolved: false },
  // at `to`: in no period asked
  { name: 'X2', customer: 'C-000009', channel: 'KIOSK', start: '2026-06-08T00:00:00Z', endMs: 1 * MIN, resolved: true },
];

type Kind = 'CSAT' | 'CES' | 'NPS';
type FeedbackChannel = ContactChannel | 'APP';
/** [name, kind, channel, customer, requested at, score (undefined: unanswered)] */
type FeedbackRow = [string, Kind, FeedbackChannel, string, string, number | undefined];

export const FEEDBACK: readonly FeedbackRow[] = [
  // current period: CSAT
  ['F1', 'CSAT', 'PHONE', 'C-000001', '2026-06-01T00:05:00Z', 5],
  ['F2', 'CSAT', 'PHONE', 'C-000002', '2026-06-02T10:10:00Z', 4],
  ['F3', 'CSAT', 'CHAT', 'C-000004', '2026-06-03T11:07:00Z', 3],
  ['F4', 'CSAT', 'BRANCH', 'C-000006', '2026-06-04T12:20:00Z', 2],
  ['F5', 'CSAT', 'APP', 'C-000003', '2026-06-05T09:00:00Z', 5],
  ['F6', 'CSAT', 'PHONE', 'C-000008', '2026-06-06T10:04:00Z', undefined],
  ['F7', 'CSAT', 'PHONE', 'C-000005', '2026-06-07T23:59:59Z', 4], // answered after the period: counts with it
  // current period: NPS
  ['N1', 'NPS', 'PHONE', 'C-000001', '2026-06-01T12:00:00Z', 10],
  ['N2', 'NPS', 'APP', 'C-000002', '2026-06-02T12:00:00Z', 9],
  ['N3', 'NPS', 'CHAT', 'C-000004', '2026-06-03T12:00:00Z', 8],
  ['N4', 'NPS', 'KIOSK', 'C-000005', '2026-06-02T08:05:00Z', 6],
  ['N5', 'NPS', 'APP', 'C-000009', '2026-06-04T12:00:00Z', 0],
  ['N6', 'NPS', 'PHONE', 'C-000010', '2026-06-05T12:00:00Z', 7],
  ['N7', 'NPS', 'APP', 'C-000007', '2026-06-06T12:00:00Z', 10],
  ['N8', 'NPS', 'PHONE', 'C-000006', '2026-06-07T12:00:00Z', undefined],
  // current period: CES
  ['E1', 'CES', 'KIOSK', 'C-000005', '2026-06-02T09:00:00Z', 7],
  ['E2', 'CES', 'VISUAL_IVR', 'C-000008', '2026-06-06T09:10:00Z', 5],
  ['E3', 'CES', 'APP', 'C-000002', '2026-06-03T09:00:00Z', 6],
  ['E4', 'CES', 'KIOSK', 'C-000009', '2026-06-03T15:02:00Z', 3],
  ['E5', 'CES', 'APP', 'C-000003', '2026-06-04T09:00:00Z', undefined],
  ['E6', 'CES', 'VISUAL_IVR', 'C-000001', '2026-06-04T08:01:00Z', 4],
  ['E7', 'CES', 'APP', 'C-000004', '2026-06-05T09:00:00Z', 5],
  ['E8', 'CES', 'KIOSK', 'C-000010', '2026-06-07T23:30:00Z', 6],
  ['E9', 'CES', 'APP', 'C-000006', '2026-06-06T09:00:00Z', 5],
  // previous period
  ['PF1', 'CSAT', 'PHONE', 'C-000001', '2026-05-26T09:06:00Z', 5],
  ['PF2', 'CSAT', 'CHAT', 'C-000004', '2026-05-27T10:08:00Z', 5],
  ['PF3', 'CSAT', 'PHONE', 'C-000002', '2026-05-31T23:59:59Z', 4],
  ['PF4', 'CSAT', 'BRANCH', 'C-000006', '2026-05-28T11:10:00Z', 1],
  ['PF5', 'CSAT', 'PHONE', 'C-000006', '2026-05-29T11:00:00Z', undefined],
  ['PN1', 'NPS', 'PHONE', 'C-000001', '2026-05-25T00:00:00Z', 10], // at the previous period's `from`: in
  ['PN2', 'NPS', 'APP', 'C-000002', '2026-05-26T12:00:00Z', 9],
  ['PN3', 'NPS', 'CHAT', 'C-000004', '2026-05-27T12:00:00Z', 3],
  ['PN4', 'NPS', 'APP', 'C-000003', '2026-05-28T12:00:00Z', 8],
  ['PE1', 'CES', 'KIOSK', 'C-000005', '2026-05-29T08:03:00Z', 4],
  ['PE2', 'CES', 'VISUAL_IVR', 'C-000009', '2026-05-30T12:05:00Z', 6],
  ['PE3', 'CES', 'APP', 'C-000007', '2026-05-30T13:00:00Z', undefined],
  // in no period asked: at the current `to`, and before the previous `from`
  ['X3', 'CSAT', 'PHONE', 'C-000001', '2026-06-08T00:00:00Z', 1],
  ['X4', 'NPS', 'PHONE', 'C-000001', '2026-05-24T23:59:59Z', 0],
];

const MOMENT: Readonly<Record<FeedbackChannel, string>> = {
  PHONE: 'CONTACT',
  CHAT: 'CONTACT',
  BRANCH: 'CONTACT',
  KIOSK: 'SELF_SERVICE',
  VISUAL_IVR: 'SELF_SERVICE',
  APP: 'TRANSFER',
};

/** Writes the fixture into a migrated engagement store. */
export async function seedCxFixture(db: Database): Promise<void> {
  for (const [customer, tier] of Object.entries(CX_TIERS)) {
    await db.query('INSERT INTO customer_facts (customer_id, tier, tier_seen_at, updated_at) VALUES ($1, $2, $3, $3)', [
      customer,
      tier,
      at('2026-05-01T00:00:00Z'),
    ]);
  }
  const contacts = new ContactStore(db);
  for (const a of AGENT_CONTACTS) {
    const start = at(a.start);
    const c = await contacts.start(checkAgentContact({ customerId: a.customer, channel: a.channel, reasonCodes: ['OTHER'] }, 'agent-1'), start);
    if (a.firstResponseMs !== undefined) await contacts.recordAction(c.id, 'REPLIED', 'agent-1', new Date(start.getTime() + a.firstResponseMs));
    if (a.endMs !== undefined) await contacts.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], new Date(start.getTime() + a.endMs));
  }
  for (const s of SESSIONS) {
    const start = at(s.start);
    const c = await contacts.start(checkSelfServiceSession(s.customer, s.channel, []), start);
    await contacts.end(c.id, { kind: 'SELF_SERVICE', customerId: s.customer }, s.resolved, [], new Date(start.getTime() + s.endMs));
  }
  for (const [name, kind, channel, customer, requested, score] of FEEDBACK) {
    const requestedAt = at(requested);
    // answered an hour later, except F7: answered after the period ended
    const answeredAt = score === undefined ? null : name === 'F7' ? at('2026-06-09T08:00:00Z') : new Date(requestedAt.getTime() + 60 * MIN);
    await db.query(
      `INSERT INTO feedback_requests (id, customer_id, kind, moment_type, moment_ref, channel, segment, requested_at, answered_at, score)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        `fbr_${createHash('sha256').update(name).digest('hex').slice(0, 32)}`,
        customer,
        kind,
        MOMENT[channel],
        `fixture-${name}`,
        channel,
        CX_TIERS[customer] ?? null,
        requestedAt,
        answeredAt,
        score ?? null,
      ],
    );
  }
}
