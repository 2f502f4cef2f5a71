// Issue 13, item 11: over real TCP connections, the card feed caps its connections, drops a
// connection that completes no message in time, and with a MAC key refuses ('63') every message
// whose MAC (field 64, or 128 with a secondary bitmap) is missing or wrong, storing nothing of it.
import { connect, type Socket } from 'node:net';
import { createHmac } from 'node:crypto';
import { BINARY_BITMAP, decode, encode, formatOriginalData, frame, FrameReader, type IsoMessage, message } from '../../../../legacy-adapters/iso8583/src';
import { startCardFeed, type RunningCardFeed, type CardFeedOptions } from '../../src/adapters/card-feed/card-feed';
import { SwitchClient } from '../../../../core-simulator/src/card-switch/switch-client';
import { captureLog, ListDirectory, MemorySink } from '../support/card-feed';
import { loyaltyConfigFromEnv } from '../../src/config';

jest.setTimeout(30000);

const PAN = '4165981234567897';
const NOW = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));
const KEY = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

let stan = 500;
function advice(mti = '0220', extra: Record<number, string> = {}): IsoMessage {
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
    49: '978',
    ...extra,
  });
}

/** The documented scheme: HMAC-SHA-256 over the message up to the MAC element, first 8 bytes. */
function signed(msg: IsoMessage, key = KEY): Buffer {
  const field = [...msg.fields.keys()].some((f) => f > 64) ? 128 : 64;
  const draft = { mti: msg.mti, fields: new Map(msg.fields).set(field, '0'.repeat(16)) };
  const bytes = Buffer.from(encode(draft, BINARY_BITMAP));
  createHmac('sha256', key)
    .update(bytes.subarray(0, bytes.length - 8))
    .digest()
    .copy(bytes, bytes.length - 8, 0, 8);
  return bytes;
}

let feed: RunningCardFeed | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await feed?.close();
  feed = undefined;
});

async function start(over: Partial<CardFeedOptions> = {}) {
  const sink = new MemorySink();
  const logs = captureLog();
  feed = await startCardFeed({
    port: 0,
    sink,
    cards: new ListDirectory(new Map([[PAN, { cardId: 'K-1', customerId: 'C-000001' }]])),
    log: logs.log,
    clock: () => NOW,
    ...over,
  });
  return { feed, sink, logs };
}

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
    sockets.push(s);
  });
}

/** resolves when the peer closes the socket, with how long it took */
function closedWithin(s: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
    s.resume();
  });
}

/** the next answer frame on a raw socket */
function nextAnswer(s: Socket): Promise<IsoMessage> {
  const reader = new FrameReader();
  return new Promise((resolve, reject) => {
    s.on('data', (chunk: Buffer) => {
      for (const r of reader.push(chunk)) if (r.kind === 'frame') resolve(decode(r.payload, BINARY_BITMAP));
    });
    s.once('close', () => reject(new Error('closed before an answer')));
  });
}

describe('connections', () => {
  it('accepts no more than the configured number of connections at once', async () => {
    const { feed: f } = await start({ maxConnections: 2 });
    const a = await rawConnect(f.port);
    const b = await rawConnect(f.port);
    const c = await rawConnect(f.port);
    expect(await closedWithin(c, 2000)).toBe(true);
    expect(a.destroyed || b.destroyed).toBe(false);
    // a slot freed is a slot again
    a.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const d = await rawConnect(f.port);
    expect(await closedWithin(d, 300)).toBe(false);
  });

  it('drops a connection that sends no complete message in time, also one trickling a frame byte by byte', async () => {
    const { feed: f } = await start({ idleTimeoutMs: 400 });
    const silent = await rawConnect(f.port);
    expect(await closedWithin(silent, 3000)).toBe(true);

    const slow = await rawConnect(f.port);
    const bytes = frame(encode(advice(), BINARY_BITMAP));
    let i = 0;
    const drip = setInterval(() => {
      if (i < bytes.length - 1 && !slow.destroyed) slow.write(bytes.subarray(i, ++i));
    }, 50);
    try {
      expect(await closedWithin(slow, 3000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });

  it('keeps a connection that completes messages within the time', async () => {
    const { feed: f } = await start({ idleTimeoutMs: 600 });
    const client = await SwitchClient.connect('127.0.0.1', f.port);
    try {
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 300));
        expect((await client.request(advice())).fields.get(39)).toBe('00');
      }
    } finally {
      client.destroy();
    }
  });
});

describe('message authentication (MAC)', () => {
  it('applies a message with a good MAC in field 64, and one with a secondary bitmap in field 128', async () => {
    const { feed: f, sink } = await start({ macKey: KEY });
    const s = await rawConnect(f.port);
    const first = nextAnswer(s);
    s.write(frame(signed(advice())));
    const a1 = await first;
    expect(a1.fields.get(39)).toBe('00');
    const original = advice();
    const reversal = advice('0420', {
      37: original.fields.get(37) as string,
      90: formatOriginalData({ mti: '0220', stan: original.fields.get(11) as string, transmission: '1123115959', acquirer: '400001' }),
    });
    const second = nextAnswer(s);
    s.write(frame(signed(reversal)));
    expect((await second).fields.get(39)).toBe('00');
    expect(sink.calls.map((c) => c.kind)).toEqual(['FINANCIAL', 'REVERSAL']);
  });

  it('answers 63 to a message without a MAC, with a wrong MAC or signed with another key, and stores none of them', async () => {
    const { feed: f, sink, logs } = await start({ macKey: KEY });
    const client = await SwitchClient.connect('127.0.0.1', f.port);
    try {
      const unsigned = advice();
      expect((await client.request(unsigned)).fields.get(39)).toBe('63');
      const tampered = signed(advice());
      // the amount (field 4) changed after signing
      const at = tampered.indexOf(Buffer.from('000000012345'));
      tampered.write('000099912345', at, 'latin1');
      expect((await client.sendRaw(frame(tampered), String(stan).padStart(6, '0'))).fields.get(39)).toBe('63');
      const otherKey = advice();
      expect((await client.sendRaw(frame(signed(otherKey, Buffer.alloc(32, 7))), otherKey.fields.get(11) as string)).fields.get(39)).toBe('63');
      // an echo is a message too
      const echo = message('0800', { 7: '1123120000', 11: '000999', 70: '301' });
      expect((await client.request(echo)).fields.get(39)).toBe('63');
    } finally {
      client.destroy();
    }
    expect(sink.calls).toHaveLength(0);
    expect(logs.text()).not.toContain(PAN);
  });

  it('does not keep a connection alive with refused messages', async () => {
    const { feed: f } = await start({ macKey: KEY, idleTimeoutMs: 500 });
    const client = await SwitchClient.connect('127.0.0.1', f.port);
    const refusals = setInterval(() => {
      client.request(advice(), 2000).catch(() => undefined);
    }, 100);
    try {
      let closed = false;
      void client.closed.then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 2000));
      expect(closed).toBe(true);
    } finally {
      clearInterval(refusals);
      client.destroy();
    }
  });
});

describe('settings', () => {
  it('caps connections at 64 and drops a connection after 60 s without a complete message, MAC off, unless configured', () => {
    expect(loyaltyConfigFromEnv({})).toMatchObject({ LOYALTY_FEED_MAX_CONNECTIONS: 64, LOYALTY_FEED_IDLE_TIMEOUT_MS: 60_000 });
    expect(loyaltyConfigFromEnv({}).LOYALTY_FEED_MAC_KEY).toBeUndefined();
    const cfg = loyaltyConfigFromEnv({ LOYALTY_FEED_MAC_KEY: KEY.toString('hex'), LOYALTY_FEED_MAX_CONNECTIONS: '4', LOYALTY_FEED_IDLE_TIMEOUT_MS: '5000' });
    expect(cfg.LOYALTY_FEED_MAC_KEY?.equals(KEY)).toBe(true);
    expect(cfg).toMatchObject({ LOYALTY_FEED_MAX_CONNECTIONS: 4, LOYALTY_FEED_IDLE_TIMEOUT_MS: 5000 });
  });

  it('refuses a MAC key that is not hex or shorter than 128 bits, naming the variable but not the key', () => {
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_MAC_KEY: 'not-hex-not-hex-not-hex-not-hex-' })).toThrow(/LOYALTY_FEED_MAC_KEY/);
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_MAC_KEY: 'abcdef0123' })).toThrow(/LOYALTY_FEED_MAC_KEY/);
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_MAC_KEY: 'abcdef0123' })).not.toThrow(/abcdef0123/);
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_MAX_CONNECTIONS: '0' })).toThrow(/LOYALTY_FEED_MAX_CONNECTIONS/);
  });
});
