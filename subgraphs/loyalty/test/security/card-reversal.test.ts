// Issue 13, item 4 on the embedded store: the reversal suite (support/card-reversal-suite.ts) on
// PGlite, field 95 (replacement amounts) read from a reversal advice, and the feed's answer to a
// reversal the ledger refused.
import { openPglite } from '../../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { cardReversalSuite } from '../support/card-reversal-suite';
import { adviceOf } from '../../src/adapters/card-feed/advice-message';
import { formatOriginalData, message } from '../../../../legacy-adapters/iso8583/src';
import { startCardFeed } from '../../src/adapters/card-feed/card-feed';
import { SwitchClient } from '../../../../core-simulator/src/card-switch/switch-client';
import { captureLog, ListDirectory, MemorySink } from '../support/card-feed';

jest.setTimeout(60000);

cardReversalSuite('PGlite', async () => {
  assertPgliteUsableUnderJest();
  return openPglite('memory://', 'loyalty');
});

describe('field 95 of a reversal advice', () => {
  const now = new Date('2025-03-15T10:00:00Z');
  const reversal = (f95?: string) => {
    const fields = new Map<number, string>([
      [2, '4165981234567897'],
      [3, '000000'],
      [4, '000000010000'],
      [7, '0315095900'],
      [11, '000777'],
      [32, '123456'],
      [37, 'R00000000777'],
      [49, '978'],
      [90, formatOriginalData({ mti: '0220', stan: '000776', transmission: '0315095800', acquirer: '123456' })],
    ]);
    if (f95 !== undefined) fields.set(95, f95);
    return { mti: '0420', fields };
  };

  it('gives the replacement amount (what the original stands at after the reversal)', () => {
    expect(adviceOf(reversal('000000006000000000006000C00000000C00000000'), now).replacementAmountMinor).toBe(6000n);
    expect(adviceOf(reversal(), now).replacementAmountMinor).toBeUndefined();
  });

  it('refuses a replacement above the amount in field 4', () => {
    expect(() => adviceOf(reversal('000000010001000000010001C00000000C00000000'), now)).toThrow(/field 95/);
  });
});

describe('the answer the switch gets for a reversal the ledger did not apply (real TCP)', () => {
  it.each([
    ['UNMATCHED', '25'],
    ['EXCEEDS_ORIGINAL', '64'],
  ] as const)('%s is answered %s', async (outcome, code) => {
    const sink = new MemorySink();
    sink.apply = async () => outcome;
    const pan = '4165981234567897';
    const feed = await startCardFeed({
      port: 0,
      sink,
      cards: new ListDirectory(new Map([[pan, { cardId: 'K-1', customerId: 'C-000001' }]])),
      log: captureLog().log,
      clock: () => new Date(Date.UTC(2026, 10, 23, 12, 0, 0)),
    });
    const client = await SwitchClient.connect('127.0.0.1', feed.port);
    try {
      const reversal = message('0420', {
        2: pan,
        3: '000000',
        4: '000000010000',
        7: '1123115959',
        11: '000321',
        32: '400001',
        37: 'RRN000320000',
        49: '978',
        90: formatOriginalData({ mti: '0220', stan: '000320', transmission: '1123115900', acquirer: '400001' }),
      });
      const answer = await client.request(reversal);
      expect(answer.mti).toBe('0430');
      expect(answer.fields.get(39)).toBe(code);
      expect(feed.stats().unmatchedReversals).toBe(1);
    } finally {
      client.destroy();
      await feed.close();
    }
  });
});
