// Issue 13, item 3 on the embedded store: the foreign-currency suite (support/foreign-currency-suite.ts)
// on PGlite; fields 4, 6, 10, 51 read from an advice in the exponent of their currency (JPY 0,
// EUR 2, BHD/KWD 3); and over real TCP, an advice the core has no rate for answered 96 (re-send
// later) with nothing stored, then earning once the core answers.
import { openPglite } from '../../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { foreignCurrencySuite } from '../support/foreign-currency-suite';
import { adviceOf } from '../../src/adapters/card-feed/advice-message';
import { type IsoMessage, message } from '../../../../legacy-adapters/iso8583/src';
import { CoreError } from '../../../../legacy-adapters/soap/src';
import { startCardFeed } from '../../src/adapters/card-feed/card-feed';
import { SwitchClient } from '../../../../core-simulator/src/card-switch/switch-client';
import { captureLog, ListDirectory } from '../support/card-feed';
import { useMemoryProgramme } from '../support/programme';
import { POINTS_UNIT } from '../../src/domain/ledger/chart';
import { formatMinor } from '../../../../lib/money';

jest.setTimeout(60000);

foreignCurrencySuite('PGlite', async () => {
  assertPgliteUsableUnderJest();
  return openPglite('memory://', 'loyalty');
});

const PAN = '4165981234567897';
const financial = (fields: Record<number, string>): IsoMessage =>
  message('0220', {
    2: PAN,
    3: '000000',
    4: '000000010000',
    7: '0315100000',
    11: '000901',
    18: '5999',
    32: '400001',
    37: 'RRN000000901',
    42: 'M-1            ',
    49: '392',
    ...fields,
  });

describe('amounts of an advice in the exponent of their currency', () => {
  const now = new Date('2025-03-15T10:00:00Z');

  it.each([
    ['392', 'JPY', '10000'],
    ['978', 'EUR', '100.00'],
    ['048', 'BHD', '10.000'],
    ['414', 'KWD', '10.000'],
  ])('field 4 with 49 = %s is minor units of %s (%s)', (numeric, alpha, decimal) => {
    const a = adviceOf(financial({ 49: numeric }), now);
    expect(a.currency).toBe(alpha);
    expect(formatMinor(a.amountMinor, a.currency)).toBe(decimal);
  });

  it('reads the cardholder billing amount, currency and rate (6, 51, 10)', () => {
    expect(adviceOf(financial({ 6: '000000006350', 51: '978', 10: '70063500' }), now).billing).toEqual({
      amountMinor: 6350n,
      currency: 'EUR',
      rate: '0.00635',
    });
    expect(adviceOf(financial({ 6: '000000025530', 51: '048' }), now).billing).toEqual({ amountMinor: 25530n, currency: 'BHD' });
    expect(adviceOf(financial({ 6: '000000000062', 51: '392', 49: '978' }), now).billing).toEqual({ amountMinor: 62n, currency: 'JPY' });
    expect(adviceOf(financial({}), now).billing).toBeUndefined();
  });

  it('refuses a billing amount without its currency, a currency without its amount, a rate alone, an unknown billing currency', () => {
    expect(() => adviceOf(financial({ 6: '000000006350' }), now)).toThrow(/field 51/);
    expect(() => adviceOf(financial({ 51: '978' }), now)).toThrow(/field 6/);
    expect(() => adviceOf(financial({ 10: '70063500' }), now)).toThrow(/field 10/);
    expect(() => adviceOf(financial({ 6: '000000006350', 51: '999' }), now)).toThrow(/field 51/);
  });
});

describe('the answer the switch gets when the core has no rate (real TCP)', () => {
  const p = useMemoryProgramme();

  it('answers 96 and stores nothing while the core cannot give a rate, then 00 and earns on the re-send', async () => {
    const customerId = 'SEC-FX-FEED-1';
    const { log } = captureLog();
    const feed = await startCardFeed({
      port: 0,
      sink: p.sink,
      cards: new ListDirectory(new Map([[PAN, { cardId: 'K-FX-1', customerId }]])),
      log,
      clock: () => new Date('2025-03-20T12:00:00Z'),
    });
    const client = await SwitchClient.connect('127.0.0.1', feed.port);
    const purchase = financial({ 7: '0320115900', 11: '000902', 37: 'RRN000000902' });
    const events = async () =>
      Number((await p.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM card_events WHERE customer_id = $1`, [customerId]))[0]?.n);
    try {
      p.core.fxFails = new CoreError('CORE_UNAVAILABLE', 'GetExchangeRates', 'the core is down', { retryable: true });
      const refused = await client.request(purchase);
      expect(refused.mti).toBe('0230');
      expect(refused.fields.get(39)).toBe('96');
      expect(await events()).toBe(0);
      expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, customerId)).toBe(0n);

      p.core.fxFails = undefined;
      const resent = await client.request({ mti: '0221', fields: new Map(purchase.fields) });
      expect(resent.fields.get(39)).toBe('00');
      expect(await events()).toBe(1);
      expect(await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, customerId)).toBe(61n);
      expect(await p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', customerId)).toBe(61n);
    } finally {
      p.core.fxFails = undefined;
      client.destroy();
      await feed.close();
    }
  });
});
