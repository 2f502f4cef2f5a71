// The card feed over real TCP sockets with an in-memory sink: answers, acknowledgement only after
// a durable apply, repeats, reversals, malformed frames, framing, several connections, shutdown.
import { connect } from 'node:net';
import { ASCII_HEX_BITMAP, decode, encode, formatOriginalData, frame, type IsoMessage, message } from '../../../legacy-adapters/iso8583/src';
import { startCardFeed, type RunningCardFeed } from '../src/adapters/card-feed/card-feed';
import { transmissionTime } from '../src/adapters/card-feed/advice-message';
import { SwitchClient } from '../../../core-simulator/src/card-switch/switch-client';
import { captureLog, deferred, ListDirectory, MemorySink } from './support/card-feed';
import { nth } from '../../../test/support/present';

// real sockets and thousands of runs: give a loaded machine room
jest.setTimeout(30000);

const PAN = '4165981234567897';
const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));
const cards = new Map([[PAN, { cardId: 'K-0000001', customerId: 'C-000001' }]]);

let stan = 100;
function advice(mti: string, extra: Record<number, string> = {}): IsoMessage {
  const s = String(++stan).padStart(6, '0');
  return message(mti, {
    2: PAN,
    3: '000000',
    4: '000000012345',
    7: '1123115959',
    11: s,
    18: '5411',
    32: '400001',
    37: `RRN${s}000`,
    42: 'M-00001        ',
    43: 'Corner Grocery Berlin'.padEnd(40, ' '),
    49: '978',
    ...extra,
  });
}
const echo = () => message('0800', { 7: '1123120000', 11: String(++stan).padStart(6, '0'), 70: '301' });

describe('card feed protocol', () => {
  let feed: RunningCardFeed;
  let sink: MemorySink;
  let dir: ListDirectory;
  let logs: ReturnType<typeof captureLog>;
  let client: SwitchClient;

  beforeEach(async () => {
    sink = new MemorySink();
    dir = new ListDirectory(cards);
    logs = captureLog();
    feed = await startCardFeed({ port: 0, sink, cards: dir, log: logs.log, clock: () => NOW, maxFrameBytes: 2048 });
    client = await SwitchClient.connect('127.0.0.1', feed.port);
  });
  afterEach(async () => {
    client.destroy();
    await feed.close();
  });

  it('answers an echo 0800 with 0810, field 39 00, echoing 7, 11 and 70', async () => {
    const req = echo();
    const res = await client.request(req);
    expect(res.mti).toBe('0810');
    expect(Object.fromEntries(res.fields)).toEqual({ 7: '1123120000', 11: req.fields.get(11), 70: '301', 39: '00' });
  });

  it('turns an 0220 into a FINANCIAL advice (no PAN) and answers 0230 00', async () => {
    const req = advice('0220');
    const res = await client.request(req);
    expect(res.mti).toBe('0230');
    expect(res.fields.get(39)).toBe('00');
    expect(res.fields.has(2)).toBe(false);
    expect(sink.calls).toHaveLength(1);
    const a = sink.calls[0];
    expect(a).toEqual({
      kind: 'FINANCIAL',
      key: `400001|${req.fields.get(11)}|${req.fields.get(37)}|1123115959`,
      customerId: 'C-000001',
      cardId: 'K-0000001',
      amountMinor: 12345n,
      currency: 'EUR',
      mcc: '5411',
      merchantId: 'M-00001',
      merchantName: 'Corner Grocery Berlin',
      occurredAt: new Date(Date.UTC(2026, 10, 23, 11, 59, 59)),
      repeat: false,
    });
    expect(JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(PAN);
  });

  it('acknowledges only after sink.apply resolved', async () => {
    const gate = deferred();
    sink.gate = () => gate.promise;
    let answered = false;
    const pending = client.request(advice('0120')).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(sink.calls).toHaveLength(1);
    expect(answered).toBe(false);
    gate.resolve();
    const res = await pending;
    expect(res.mti).toBe('0130');
    expect(res.fields.get(39)).toBe('00');
    expect(sink.calls[0]?.kind).toBe('AUTHORISATION');
  });

  it('a repeat (0221) and a re-sent 0220 carry the same key; the sink says DUPLICATE and the switch still gets 00', async () => {
    const first = advice('0220');
    await client.request(first);
    const repeat: IsoMessage = { mti: '0221', fields: new Map(first.fields) };
    const r1 = await client.request(repeat);
    const r2 = await client.request(first);
    expect([r1.mti, r1.fields.get(39), r2.mti, r2.fields.get(39)]).toEqual(['0230', '00', '0230', '00']);
    const { key } = nth(sink.calls, 0);
    expect(sink.calls.map((c) => [c.key, c.repeat])).toEqual([
      [key, false],
      [key, true],
      [key, false],
    ]);
    expect(sink.applied.size).toBe(1);
    expect(feed.stats()).toMatchObject({ accepted: 1, duplicates: 2 });
  });

  it('a reversal names its original through field 90, also when it arrives first', async () => {
    const original = advice('0220');
    const f90 = formatOriginalData({ mti: '0220', stan: original.fields.get(11) as string, transmission: '1123115959', acquirer: '400001' });
    const reversal = advice('0420', { 7: '1123120005', 37: original.fields.get(37) as string, 90: f90 });
    const r = await client.request(reversal);
    expect([r.mti, r.fields.get(39), r.fields.get(90)]).toEqual(['0430', '00', f90]);
    expect(sink.calls[0]?.originalKey).toBe(`400001|${original.fields.get(11)}|${original.fields.get(37)}|1123115959`);
    expect(sink.held.size).toBe(1);
    await client.request(original);
    expect(sink.reversed.has(nth(sink.calls, 0).originalKey as string)).toBe(true);
    const again = await client.request({ mti: '0421', fields: new Map(reversal.fields) });
    expect([again.mti, again.fields.get(39)]).toEqual(['0430', '00']);
    expect(feed.stats()).toMatchObject({ held: 1, accepted: 1, duplicates: 1 });
  });

  it('an advice that is no purchase (cash 01xxxx, refund 20xxxx) is acknowledged and earns nothing', async () => {
    expect((await client.request(advice('0220', { 3: '010000' }))).fields.get(39)).toBe('00');
    expect((await client.request(advice('0420', { 3: '200000', 90: '0220'.padEnd(42, '1') }))).fields.get(39)).toBe('00');
    expect(sink.calls).toHaveLength(0);
    expect(feed.stats().ignored).toBe(2);
  });

  it('unknown card: 14, nothing stored; core unavailable or sink failure: 96 so the switch re-sends', async () => {
    const unknown = await client.request(advice('0220', { 2: '5355220000000001' }));
    expect(unknown.fields.get(39)).toBe('14');
    expect(sink.calls).toHaveLength(0);
    dir.fail = true;
    expect((await client.request(advice('0220'))).fields.get(39)).toBe('96');
    dir.fail = false;
    sink.gate = () => Promise.reject(new Error('database is gone'));
    expect((await client.request(advice('0220'))).fields.get(39)).toBe('96');
    sink.gate = () => Promise.reject(Object.assign(new Error('bad advice'), { code: 'INVALID_ADVICE' }));
    expect((await client.request(advice('0220'))).fields.get(39)).toBe('30');
    expect(sink.applied.size).toBe(0);
  });

  it('malformed messages: 30 when MTI and STAN can be read, nothing stored, the connection survives', async () => {
    // letters in field 18 (n 4), read after the STAN: answerable
    const req = advice('0220');
    const bad = Buffer.from(encode(req));
    bad[bad.toString('latin1').indexOf('541106400001')] = 'X'.charCodeAt(0);
    const r = await client.sendRaw(frame(bad), req.fields.get(11) as string);
    expect([r.mti, r.fields.get(39), r.fields.get(11)]).toEqual(['0230', '30', req.fields.get(11)]);
    // letters in field 4, before the STAN: the answer could not be matched, so none is sent
    const early = Buffer.from(encode(advice('0220')));
    early[early.toString('latin1').indexOf('000000012345')] = 'X'.charCodeAt(0);
    client.write(frame(early));

    const missing = advice('0220');
    missing.fields.delete(42);
    expect((await client.request(missing)).fields.get(39)).toBe('30');
    expect((await client.request(advice('0220', { 49: '999' }))).fields.get(39)).toBe('30');
    expect((await client.request(advice('0220', { 7: '0230120000' }))).fields.get(39)).toBe('30');
    expect((await client.request(message('0200', { 3: '000000', 11: '424242' }))).fields.get(39)).toBe('12');

    // no MTI: nobody to answer; the frame is dropped and the link stays up
    client.write(frame(Buffer.from('ZZZZ')));
    const after = await client.request(echo());
    expect(after.fields.get(39)).toBe('00');
    expect(sink.calls).toHaveLength(0);
    expect(feed.stats().formatErrors).toBe(6);
    expect(client.stray).toHaveLength(0);
  });

  it('closes the connection cleanly when framing is lost, and keeps serving others', async () => {
    const other = await SwitchClient.connect('127.0.0.1', feed.port);
    // an unframed message: its first two characters read as a 12,338-byte length header
    client.write(encode(advice('0220')));
    await client.closed;
    expect(client.isOpen).toBe(false);
    expect((await other.request(echo())).fields.get(39)).toBe('00');
    other.destroy();
    expect(sink.calls).toHaveLength(0);
    expect(feed.stats().framingLost).toBe(1);
  });

  it('reassembles frames split byte by byte and splits frames sent together', async () => {
    const msgs = [advice('0220'), echo(), advice('0120')];
    const wire = Buffer.concat(msgs.map((m) => frame(encode(m))));
    const answers: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port: feed.port });
    await new Promise((r) => socket.once('connect', r));
    socket.on('data', (d: Buffer) => answers.push(d));
    for (let i = 0; i < wire.length; i++) socket.write(wire.subarray(i, i + 1));
    socket.write(wire); // the same three again in one chunk
    await new Promise((r) => setTimeout(r, 300));
    const all = Buffer.concat(answers);
    const mtis: string[] = [];
    for (let at = 0; at < all.length;) {
      const len = all.readUInt16BE(at);
      mtis.push(decode(all.subarray(at + 2, at + 2 + len)).mti);
      at += 2 + len;
    }
    socket.destroy();
    expect(mtis).toEqual(['0230', '0810', '0130', '0230', '0810', '0130']);
    expect(sink.applied.size).toBe(2);
  });

  it('serves several connections at once', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => SwitchClient.connect('127.0.0.1', feed.port)));
    const answers = await Promise.all(clients.flatMap((c) => Array.from({ length: 10 }, () => c.request(advice('0220')))));
    expect(answers.every((a) => a.fields.get(39) === '00')).toBe(true);
    expect(sink.applied.size).toBe(50);
    clients.forEach((c) => c.destroy());
    expect(feed.stats().connections).toBe(6);
  });

  it('shutdown answers the frame in flight, then closes; frames not started stay unacknowledged', async () => {
    const gate = deferred();
    sink.gate = () => gate.promise;
    const inFlight = client.request(advice('0220'));
    const queued = client.request(advice('0220')).then(
      () => 'answered',
      () => 'unanswered',
    );
    while (sink.calls.length < 1) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const closing = feed.close();
    setTimeout(() => gate.resolve(), 100);
    const res = await inFlight;
    expect(res.fields.get(39)).toBe('00');
    await closing;
    expect(await queued).toBe('unanswered');
    expect(sink.applied.size).toBe(1);
    feed = await startCardFeed({ port: 0, sink, cards: dir, log: logs.log });
  });

  it("handles one connection's frames of different cards side by side, one card's in order, and answers in arrival order", async () => {
    const OTHER = '4165981234560001';
    dir = new ListDirectory(new Map([...cards, [OTHER, { cardId: 'K-0000002', customerId: 'C-000002' }]]));
    await feed.close();
    feed = await startCardFeed({ port: 0, sink, cards: dir, log: logs.log, clock: () => NOW });
    client.destroy();
    client = await SwitchClient.connect('127.0.0.1', feed.port);
    const gate = deferred();
    // the first card's first advice is held in the sink
    sink.gate = () => (sink.calls.length === 1 ? gate.promise : Promise.resolve());
    const order: string[] = [];
    const send = (name: string, msg: IsoMessage) => client.request(msg).then((res) => order.push(`${name}:${res.fields.get(39)}`));
    const a1 = send('A1', advice('0220'));
    const a2 = send('A2', advice('0220'));
    const b1 = send('B1', advice('0220', { 2: OTHER }));
    // B1 reaches the sink while A1 is held; A2 waits behind A1 (same card)
    while (sink.calls.length < 2) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.calls.map((c) => c.cardId)).toEqual(['K-0000001', 'K-0000002']);
    // B1 is done, but its answer waits for A1's and A2's: the answers keep the frames' order
    expect(order).toEqual([]);
    gate.resolve();
    await Promise.all([a1, a2, b1]);
    expect(sink.calls.map((c) => c.cardId)).toEqual(['K-0000001', 'K-0000002', 'K-0000001']);
    expect(order).toEqual(['A1:00', 'A2:00', 'B1:00']);
  });

  it('with maxInFlightFrames 1 handles a connection strictly one frame after the other', async () => {
    const OTHER = '4165981234560001';
    dir = new ListDirectory(new Map([...cards, [OTHER, { cardId: 'K-0000002', customerId: 'C-000002' }]]));
    await feed.close();
    feed = await startCardFeed({ port: 0, sink, cards: dir, log: logs.log, clock: () => NOW, maxInFlightFrames: 1 });
    client.destroy();
    client = await SwitchClient.connect('127.0.0.1', feed.port);
    const gate = deferred();
    sink.gate = () => (sink.calls.length === 1 ? gate.promise : Promise.resolve());
    const a = client.request(advice('0220'));
    const b = client.request(advice('0220', { 2: OTHER }));
    while (sink.calls.length < 1) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.calls).toHaveLength(1);
    gate.resolve();
    await Promise.all([a, b]);
    expect(sink.calls.map((c) => c.cardId)).toEqual(['K-0000001', 'K-0000002']);
  });

  it('never logs a full PAN', async () => {
    await client.request(advice('0220', { 2: '5355220000000001' }));
    dir.fail = true;
    await client.request(advice('0220'));
    const text = logs.text();
    expect(text).toContain('535522******0001');
    expect(text).not.toContain('5355220000000001');
    expect(text).not.toContain(PAN);
  });

  it('speaks the ASCII-hex bitmap dialect when configured', async () => {
    const hexFeed = await startCardFeed({ port: 0, sink, cards: dir, log: logs.log, dialect: ASCII_HEX_BITMAP, clock: () => NOW });
    const hexClient = await SwitchClient.connect('127.0.0.1', hexFeed.port, ASCII_HEX_BITMAP);
    const res = await hexClient.request(advice('0220'));
    expect(res.fields.get(39)).toBe('00');
    hexClient.destroy();
    await hexFeed.close();
  });
});

describe('transmission date-time (field 7 has no year)', () => {
  it('takes the year nearest to now', () => {
    expect(transmissionTime('1231235959', new Date(Date.UTC(2027, 0, 1, 0, 5)))?.toISOString()).toBe('2026-12-31T23:59:59.000Z');
    expect(transmissionTime('0101000001', new Date(Date.UTC(2026, 11, 31, 23, 59)))?.toISOString()).toBe('2027-01-01T00:00:01.000Z');
    expect(transmissionTime('0229120000', new Date(Date.UTC(2027, 5, 1)))?.toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(transmissionTime('0229120000', new Date(Date.UTC(2026, 5, 1)))).toBeUndefined();
    expect(transmissionTime('0230120000', new Date(Date.UTC(2026, 5, 1)))).toBeUndefined();
  });
});
