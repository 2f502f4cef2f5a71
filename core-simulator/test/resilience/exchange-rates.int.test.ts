// GetExchangeRates over real SOAP, the adapter against the simulator (issue 13): the dated table
// loyalty converts foreign card purchases with, a weekend answered with the Friday's table, a
// date before the first table answered with no rates, a bad date refused.
import { exchangeRatesOn } from '../../src/data/fx-rates';
import { useSimulatorWithClient } from '../support/simulator-with-client';

const ctx = { requestId: 'it-fx', userId: 'loyalty' };
const core = useSimulatorWithClient();

describe('GetExchangeRates', () => {
  it('answers the reference table on its day, exact decimal text', async () => {
    const t = await core.client.exchangeRates('2025-01-31', ctx);
    expect(t.base).toBe('EUR');
    expect(t.rates).toEqual(
      expect.arrayContaining([
        { currency: 'EUR', rate: '1', rateDate: '2025-01-31' },
        { currency: 'JPY', rate: '161.35', rateDate: '2025-01-31' },
        { currency: 'BHD', rate: '0.3917', rateDate: '2025-01-31' },
        { currency: 'KWD', rate: '0.3205', rateDate: '2025-01-31' },
      ]),
    );
  });

  it('answers a Sunday with the Friday before, the same rates the simulator derives for its seed', async () => {
    const t = await core.client.exchangeRates('2025-03-16', ctx);
    expect(t.rates.every((r) => r.rateDate === '2025-03-14')).toBe(true);
    expect(t.rates).toEqual(exchangeRatesOn(42, '2025-03-14')?.rates);
  });

  it('quotes per another base when asked', async () => {
    const t = await core.client.exchangeRates('2025-01-31', ctx, 'GBP');
    expect(t.base).toBe('GBP');
    expect(t.rates.find((r) => r.currency === 'JPY')?.rate).toBe('192.990849829556');
  });

  it('answers no rates before the first table, and refuses an unknown base', async () => {
    expect(await core.client.exchangeRates('1990-06-01', ctx)).toEqual({ base: 'EUR', rates: [] });
    await expect(core.client.exchangeRates('2025-01-31', ctx, 'XXX')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
