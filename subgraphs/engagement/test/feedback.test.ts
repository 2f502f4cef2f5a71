// Feedback: the pure rules (which moment asks what, the 90-day NPS rule, the scales, the answer
// checks, the moments events stand for, the words in both locales) and the store on PGlite, and
// PostgreSQL when DATABASE_URL is set: a request written with the contact's end, one request per
// moment however often it is replayed, one answer per request, refusals that change nothing, two
// submits racing.
import { migrate } from '../../../lib/db/migrate';
import { newEvent, type DomainEvent } from '../../../lib/events';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { ContactStore } from '../src/db/contact-store';
import { FeedbackStore, requestIn } from '../src/db/feedback-store';
import { feedbackMomentOf } from '../src/adapters/event-consumer';
import { FeedbackRequester, feedbackTrigger } from '../src/adapters/feedback-requests';
import { checkAgentContact, checkSelfServiceSession } from '../src/domain/contacts';
import {
  checkAnswer,
  contactMoment,
  FEEDBACK_REQUEST_ID,
  feedbackRequestId,
  FeedbackInputError,
  type FeedbackMoment,
  type FeedbackRequest,
  kindFor,
} from '../src/domain/feedback';
import { render } from '../src/domain/templates';
import { invalidTrigger, type Trigger, TRIGGER_TOPIC } from '../src/domain/triggers';
import { refusalOf } from '../../../test/support/present';

const START = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;

describe('feedback rules', () => {
  it('asks NPS when the customer had none in 90 days, else the moment kind', () => {
    const now = new Date(START);
    expect(kindFor('CONTACT', undefined, now)).toBe('NPS');
    expect(kindFor('CONTACT', new Date(START - DAY), now)).toBe('CSAT');
    expect(kindFor('SELF_SERVICE', new Date(START - 89 * DAY), now)).toBe('CES');
    expect(kindFor('TRANSFER', new Date(START - 89 * DAY), now)).toBe('CES');
    expect(kindFor('REDEMPTION', new Date(START - 89 * DAY), now)).toBe('CSAT');
    expect(kindFor('REDEMPTION', new Date(START - 90 * DAY), now)).toBe('NPS');
  });

  it.each([
    ['CSAT', 1, 5, [0, 6, 2.5]],
    ['CES', 1, 7, [0, 8, -1]],
    ['NPS', 0, 10, [-1, 11, 9.9]],
  ] as const)('takes %s scores from %d to %d only', (kind, min, max, bad) => {
    expect(checkAnswer(kind, min, undefined)).toEqual({ score: min });
    expect(checkAnswer(kind, max, null)).toEqual({ score: max });
    for (const score of bad) expect(refusalOf(() => checkAnswer(kind, score, undefined))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
  });

  it.each([
    ['HTML', '<b>great</b>'],
    ['an entity', 'fine &amp; quick'],
    ['a control character', 'ok\u0007'],
    ['a line break', 'ok\nfine'],
    ['a bidi override', 'ok\u202e'],
    ['over 1000 characters', 'x'.repeat(1001)],
  ])('refuses a comment with %s', (_what, comment) => {
    const e = refusalOf(() => checkAnswer('CSAT', 4, comment));
    expect(e).toBeInstanceOf(FeedbackInputError);
    expect(e).toMatchObject({ field: 'comment' });
  });

  it('keeps a plain comment trimmed (Persian too), and a blank one as none', () => {
    expect(checkAnswer('CSAT', 4, '  quick and kind  ')).toEqual({ score: 4, comment: 'quick and kind' });
    expect(checkAnswer('NPS', 9, 'خیلی خوب بود، ۱۰۰٪ < انتظار')).toEqual({ score: 9, comment: 'خیلی خوب بود، ۱۰۰٪ < انتظار' });
    expect(checkAnswer('CES', 7, '   ')).toEqual({ score: 7 });
  });

  it('names one request per moment, the same every time', () => {
    const id = feedbackRequestId('CONTACT', 'ctc_0123');
    expect(id).toMatch(FEEDBACK_REQUEST_ID);
    expect(feedbackRequestId('CONTACT', 'ctc_0123')).toBe(id);
    expect(feedbackRequestId('SELF_SERVICE', 'ctc_0123')).not.toBe(id);
  });

  it('files the request under the SERVICE topic, with a valid trigger id and words in both locales', () => {
    expect(TRIGGER_TOPIC.FEEDBACK_REQUEST).toBe('SERVICE');
    const t: Trigger = {
      id: feedbackRequestId('TRANSFER', 'e-1'),
      customerId: 'C-000001',
      occurredAt: new Date(START),
      kind: 'FEEDBACK_REQUEST',
      feedbackKind: 'CES',
      moment: 'TRANSFER',
    };
    expect(invalidTrigger(t)).toBeUndefined();
    expect(render(t, 'en')).toEqual({ title: 'How did we do?', body: 'How easy was your transfer? Rate it from 1 to 7.', locale: 'en', direction: 'LTR' });
    const fa = render({ ...t, feedbackKind: 'NPS' }, 'fa');
    expect(fa.direction).toBe('RTL');
    // the scale's ends in Persian digits, isolated like every value put into Persian text
    expect(fa.body).toContain('\u2068۰\u2069');
    expect(fa.body).toContain('\u2068۱۰\u2069');
    expect(fa.body).not.toMatch(/[0-9]/);
  });
});

describe('feedback moments from events', () => {
  let seq = 0;
  const at = new Date(START);
  const booked = (amountMinor: string, bookingCode?: string): DomainEvent =>
    newEvent({
      type: 'TransactionBooked',
      key: `booked:${++seq}`,
      customerId: 'C-000001',
      occurredAt: at,
      payload: {
        accountId: 'DE89370400440532013000',
        transactionId: `TX-${seq}`,
        amountMinor,
        currency: 'EUR',
        bookedAt: at.toISOString(),
        ...(bookingCode ? { bookingCode } : {}),
      },
    });
  const points = (reason: string, delta: string): DomainEvent =>
    newEvent({
      type: 'PointsChanged',
      key: `journal:${++seq}`,
      customerId: 'C-000001',
      occurredAt: at,
      payload: { journalId: `J-${seq}`, reason, delta, balance: '100' },
    });

  it('takes an outgoing credit transfer (PMNT/ICDT, a debit) as a transfer moment, with the event id as its ref', () => {
    const e = booked('-2500', 'PMNT/ICDT/DMCT');
    expect(feedbackMomentOf(e)).toEqual({ customerId: 'C-000001', type: 'TRANSFER', ref: e.id, channel: 'APP', occurredAt: at });
  });

  it.each([
    ['a received transfer', booked('2500', 'PMNT/RCDT/DMCT')],
    ['a card payment', booked('-2500', 'PMNT/CCRD/POSD')],
    ['a direct debit', booked('-2500', 'PMNT/RDDT/ESDD')],
    ['a booking without a code', booked('-2500')],
    ['a points gain', points('CARD_PURCHASE', '40')],
    ['expired points', points('POINTS_EXPIRED', '-40')],
    // loyalty's reward for an answer (docs/loyalty.md "Points for feedback"): asking again would never end
    ['points for feedback', points('FEEDBACK_REWARD', '50')],
  ])('asks nothing after %s', (_what, e) => {
    expect(feedbackMomentOf(e)).toBeUndefined();
  });

  it('takes a redemption (PointsChanged POINTS_REDEEMED, points spent) as a redemption moment', () => {
    const e = points('POINTS_REDEEMED', '-500');
    expect(feedbackMomentOf(e)).toMatchObject({ type: 'REDEMPTION', ref: e.id, channel: 'APP' });
  });
});

describe.each(serviceStores('engagement', 'feedback'))('feedback on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let store: FeedbackStore;
  let contacts: ContactStore;
  let now = START;
  const at = () => new Date(now);
  const handled: Trigger[] = [];
  let requester: FeedbackRequester;
  const rows = async () => opened!.db.query('SELECT * FROM feedback_requests ORDER BY id');
  const moment = (customerId: string, type: FeedbackMoment['type'], ref: string): FeedbackMoment => ({
    customerId,
    type,
    ref,
    channel: 'APP',
    occurredAt: at(),
  });

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    store = new FeedbackStore(opened.db);
    contacts = new ContactStore(opened.db, (tx, ended, when) => requestIn(tx, contactMoment(ended, when), when));
    requester = new FeedbackRequester(store, { handle: async (t) => (handled.push(t), { messageId: t.id, decisions: [], replayed: false }) }, at);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('writes the request with the contact end: NPS first, then CSAT for agent contacts and CES for sessions within 90 days', async () => {
    const c = await contacts.start(checkAgentContact({ customerId: 'C-000101', channel: 'CHAT' }, 'agent-1'), at());
    now += 60_000;
    expect((await contacts.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], at())).result).toBe('OK');
    const first = await store.get(feedbackRequestId('CONTACT', c.id));
    expect(first).toMatchObject({ customerId: 'C-000101', kind: 'NPS', momentType: 'CONTACT', momentRef: c.id, channel: 'CHAT', requestedAt: at() });
    expect(first?.answeredAt).toBeUndefined();

    // ending it again is refused and asks nothing more
    expect((await contacts.end(c.id, { kind: 'AGENT', agent: 'agent-1' }, true, [], at())).result).toBe('ALREADY_ENDED');
    const c2 = await contacts.start(checkAgentContact({ customerId: 'C-000101', channel: 'PHONE' }, 'agent-1'), at());
    await contacts.end(c2.id, { kind: 'AGENT', agent: 'agent-1' }, false, [], at());
    const s = await contacts.start(checkSelfServiceSession('C-000101', 'KIOSK', []), at());
    await contacts.end(s.id, { kind: 'SELF_SERVICE', customerId: 'C-000101' }, true, [], at());
    const mine = (await rows()).filter((r) => r.customer_id === 'C-000101');
    expect(mine.map((r) => [r.moment_ref, r.kind, r.channel]).sort()).toEqual(
      [
        [c.id, 'NPS', 'CHAT'],
        [c2.id, 'CSAT', 'PHONE'],
        [s.id, 'CES', 'KIOSK'],
      ].sort(),
    );
  });

  it('asks once per moment however often the event is replayed, and notifies with the request id each time (the engine decides once per id)', async () => {
    handled.length = 0;
    const m = moment('C-000102', 'TRANSFER', 'evt-transfer-1');
    const a = await requester.ask(m);
    now += 1000;
    const b = await requester.ask(m);
    expect(b).toEqual(a);
    expect((await rows()).filter((r) => r.customer_id === 'C-000102')).toHaveLength(1);
    expect(handled.map((t) => t.id)).toEqual([a.id, a.id]);
    expect(handled[0]).toEqual(feedbackTrigger(a));
  });

  it('asks NPS again only once 90 days have passed since the last NPS request', async () => {
    const c = 'C-000103';
    const kinds = async (ms: number, type: FeedbackMoment['type'], ref: string) => {
      now = ms;
      return (await store.request(moment(c, type, ref), at())).request.kind;
    };
    expect(await kinds(START, 'REDEMPTION', 'r-1')).toBe('NPS');
    expect(await kinds(START + 10 * DAY, 'REDEMPTION', 'r-2')).toBe('CSAT');
    expect(await kinds(START + 89 * DAY, 'TRANSFER', 't-1')).toBe('CES');
    expect(await kinds(START + 90 * DAY, 'TRANSFER', 't-2')).toBe('NPS');
    expect(await kinds(START + 91 * DAY, 'TRANSFER', 't-3')).toBe('CES');
    now = START;
  });

  it('gives one NPS to two moments asked at once', async () => {
    const c = 'C-000104';
    const got = await Promise.all([store.request(moment(c, 'TRANSFER', 'race-1'), at()), store.request(moment(c, 'REDEMPTION', 'race-2'), at())]);
    expect(got.filter((g) => g.request.kind === 'NPS')).toHaveLength(1);
  });

  describe('answers', () => {
    let req: FeedbackRequest;
    const check = (score: number, comment?: string | null) => (kind: FeedbackRequest['kind']) => checkAnswer(kind, score, comment);

    beforeAll(async () => {
      now = START;
      req = (await store.request(moment('C-000105', 'REDEMPTION', 'answer-1'), at())).request;
      expect(req.kind).toBe('NPS');
    });

    it('refuses a score off the scale and a bad comment, and changes nothing', async () => {
      const before = await rows();
      await expect(store.submit('C-000105', req.id, check(11), at())).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
      await expect(store.submit('C-000105', req.id, check(5, '<script>x</script>'), at())).rejects.toMatchObject({ field: 'comment' });
      expect(await rows()).toEqual(before);
    });

    it("answers another customer's request and an unknown one as not found", async () => {
      expect(await store.submit('C-000999', req.id, check(5), at())).toEqual({ result: 'NOT_FOUND' });
      expect(await store.submit('C-000105', feedbackRequestId('CONTACT', 'nope'), check(5), at())).toEqual({ result: 'NOT_FOUND' });
    });

    it('keeps the first answer: the same again returns it, a different one is refused', async () => {
      now += 5000;
      const first = await store.submit('C-000105', req.id, check(9, ' quick '), at());
      expect(first).toMatchObject({ result: 'OK', request: { score: 9, comment: 'quick', answeredAt: at() } });
      const answered = await rows();
      now += 5000;
      expect(await store.submit('C-000105', req.id, check(9, 'quick'), at())).toEqual(first);
      expect(await store.submit('C-000105', req.id, check(8, 'quick'), at())).toEqual({ result: 'ALREADY_GIVEN' });
      expect(await store.submit('C-000105', req.id, check(9), at())).toEqual({ result: 'ALREADY_GIVEN' });
      expect(await rows()).toEqual(answered);
      expect(await store.listForCustomer('C-000105', 10, undefined, true)).toEqual([]);
    });

    it('writes one FeedbackGiven with the answer (none for a repeat or a refusal), without the comment', async () => {
      const events = await opened!.db.query<{ type: string; event_key: string; envelope: unknown }>(
        'SELECT type, event_key, envelope FROM event_outbox WHERE event_key = $1',
        [`feedback:${req.id}`],
      );
      expect(events).toHaveLength(1);
      const envelope = typeof events[0]!.envelope === 'string' ? JSON.parse(events[0]!.envelope) : events[0]!.envelope;
      expect(envelope).toMatchObject({
        type: 'FeedbackGiven',
        producer: 'engagement',
        customerId: 'C-000105',
        payload: { requestId: req.id, kind: 'NPS', score: 9, momentType: 'REDEMPTION', channel: 'APP', requestedAt: req.requestedAt.toISOString() },
      });
      expect(JSON.stringify(envelope)).not.toContain('quick');
    });

    it('lets one of two different answers at once win', async () => {
      const r = (await store.request(moment('C-000106', 'TRANSFER', 'answer-race'), at())).request;
      const got = await Promise.all([store.submit('C-000106', r.id, check(2), at()), store.submit('C-000106', r.id, check(3), at())]);
      expect(got.map((g) => g.result).sort()).toEqual(['ALREADY_GIVEN', 'OK']);
      const won = got.find((g) => g.result === 'OK') as { request: FeedbackRequest };
      expect((await store.get(r.id))?.score).toBe(won.request.score);
    });
  });

  it("pages a customer's requests newest first, open ones only with openOnly", async () => {
    const c = 'C-000107';
    for (let i = 0; i < 3; i++) {
      now = START + i * 1000;
      await store.request(moment(c, 'TRANSFER', `page-${i}`), at());
    }
    const page1 = await store.listForCustomer(c, 2);
    expect(page1.map((r) => r.momentRef)).toEqual(['page-2', 'page-1']);
    const page2 = await store.listForCustomer(c, 2, page1[1]!.key);
    expect(page2.map((r) => r.momentRef)).toEqual(['page-0']);
    await store.submit(c, page1[0]!.id, (kind) => checkAnswer(kind, 1, undefined), at());
    expect((await store.listForCustomer(c, 10, undefined, true)).map((r) => r.momentRef)).toEqual(['page-1', 'page-0']);
  });
});
