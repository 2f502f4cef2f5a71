// The feed's settings and its card directory: defaults, refusals naming the variable, and the
// bounded TTL cache in front of the core's QueryCard.
import { loyaltyConfigFromEnv } from '../src/config';
import { CoreCardDirectory } from '../src/adapters/card-feed/card-directory';

describe('card feed settings', () => {
  it('listens on 127.0.0.1:8583 with binary bitmaps unless told otherwise', () => {
    expect(loyaltyConfigFromEnv({})).toMatchObject({ LOYALTY_FEED_PORT: 8583, LOYALTY_FEED_HOST: '127.0.0.1', LOYALTY_FEED_DIALECT: 'binary' });
    expect(loyaltyConfigFromEnv({ LOYALTY_FEED_PORT: '0', LOYALTY_FEED_DIALECT: 'ascii-hex' })).toMatchObject({
      LOYALTY_FEED_PORT: 0,
      LOYALTY_FEED_DIALECT: 'ascii-hex',
    });
  });

  it('refuses a bad port or dialect, naming the variable', () => {
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_PORT: '70000' })).toThrow(/LOYALTY_FEED_PORT/);
    expect(() => loyaltyConfigFromEnv({ LOYALTY_FEED_DIALECT: 'ebcdic' })).toThrow(/LOYALTY_FEED_DIALECT/);
  });
});

describe('card directory (QueryCard, cached)', () => {
  const PAN = '4165981234567897';
  function fakeCore() {
    const asked: string[] = [];
    const core = {
      loaders: () => ({
        cardByPan: {
          load: async (pan: string) => {
            asked.push(pan);
            if (pan === 'down') throw new Error('CORE_UNAVAILABLE');
            return pan === PAN
              ? {
                  cardId: 'K-1',
                  customerId: 'C-1',
                  accountId: 'A-1',
                  maskedPan: '',
                  brand: 'VISA',
                  kind: 'DEBIT',
                  status: 'ACTIVE',
                  expiryMonth: 1,
                  expiryYear: 2030,
                }
              : null;
          },
        },
      }),
    };
    return { core: core as never, asked };
  }

  it('asks the core once per card while the entry lives, unknown cards for a shorter time', async () => {
    let now = 0;
    const { core, asked } = fakeCore();
    const dir = new CoreCardDirectory(core, { ttlMs: 1000, negativeTtlMs: 100, now: () => now });
    expect(await dir.lookup(PAN)).toEqual({ cardId: 'K-1', customerId: 'C-1' });
    expect(await dir.lookup(PAN)).toEqual({ cardId: 'K-1', customerId: 'C-1' });
    expect(await dir.lookup('5355220000000001')).toBeNull();
    expect(await dir.lookup('5355220000000001')).toBeNull();
    expect(asked).toHaveLength(2);
    now = 150;
    await dir.lookup('5355220000000001');
    await dir.lookup(PAN);
    expect(asked).toHaveLength(3);
    now = 1200;
    await dir.lookup(PAN);
    expect(asked).toHaveLength(4);
    expect(dir.calls).toBe(4);
  });

  it('passes a core failure on (the feed answers 96) and remembers nothing', async () => {
    const { core, asked } = fakeCore();
    const dir = new CoreCardDirectory(core);
    await expect(dir.lookup('down')).rejects.toThrow('CORE_UNAVAILABLE');
    await expect(dir.lookup('down')).rejects.toThrow('CORE_UNAVAILABLE');
    expect(asked).toHaveLength(2);
  });

  it('the cache is bounded: the least recently used card goes first', async () => {
    const { core, asked } = fakeCore();
    const dir = new CoreCardDirectory(core, { maxEntries: 2, now: () => 0 });
    await dir.lookup(PAN);
    await dir.lookup('b');
    await dir.lookup(PAN); // from the cache, and now the most recently used
    await dir.lookup('c'); // the cache is full: 'b' goes
    await dir.lookup(PAN);
    await dir.lookup('b');
    expect(asked).toEqual([PAN, 'b', 'c', 'b']);
  });

  it('refuses an unbounded cache', () => {
    expect(() => new CoreCardDirectory(fakeCore().core, { maxEntries: 0 })).toThrow(RangeError);
  });
});
