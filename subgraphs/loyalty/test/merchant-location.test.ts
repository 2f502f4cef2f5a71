// Field 43 (card acceptor name/location): the networks' name / city / country layout gives the
// merchant's city and country (CardPurchaseRecorded.merchant.city / country, engagement's "where the
// customer spends most"); a free name, as many acquirers send, stays the name with no city.
import { merchantLocationOf } from '../src/adapters/card-feed/advice-message';
import { acceptorLocation } from '../../../core-simulator/src/card-switch/traffic';

const layout = (name: string, city: string, country: string) => name.padEnd(25).slice(0, 25) + city.padEnd(13).slice(0, 13) + country;

describe('merchantLocationOf', () => {
  it('reads name, city and country from the 25 / 13 / 2 layout', () => {
    expect(merchantLocationOf(layout('Corner Grocery', 'Berlin', 'DE'))).toEqual({ name: 'Corner Grocery', city: 'Berlin', country: 'DE' });
    expect(merchantLocationOf(layout('Cafe  Central', 'Wien', 'AT'))).toEqual({ name: 'Cafe Central', city: 'Wien', country: 'AT' });
  });

  it("reads what the core simulator's card switch sends (acceptorLocation)", () => {
    expect(merchantLocationOf(acceptorLocation('Café Müller', 'München', 'de'))).toEqual({ name: 'Cafe Mueller', city: 'Muenchen', country: 'DE' });
    expect(merchantLocationOf(acceptorLocation('A brand name far longer than 25 characters', 'Wien', 'AT'))).toMatchObject({ city: 'Wien', country: 'AT' });
  });

  it('keeps a free name whole: padded, not 40 long, no known country at the end, or no city', () => {
    expect(merchantLocationOf('Corner Grocery Berlin'.padEnd(40))).toEqual({ name: 'Corner Grocery Berlin' });
    expect(merchantLocationOf('Corner Grocery Berlin')).toEqual({ name: 'Corner Grocery Berlin' });
    expect(merchantLocationOf(layout('Corner Grocery', 'Berlin', 'QQ'))).toEqual({ name: 'Corner Grocery Berlin QQ' });
    expect(merchantLocationOf(layout('Corner Grocery', 'Berlin', 'ZZ'))).toEqual({ name: 'Corner Grocery Berlin ZZ' });
    expect(merchantLocationOf(layout('Corner Grocery', '', 'DE'))).toEqual({ name: 'Corner Grocery DE' });
    expect(merchantLocationOf(layout('Shop', 'M-000123', 'DE'))).toEqual({ name: 'Shop M-000123 DE' });
    expect(merchantLocationOf(' '.repeat(40))).toEqual({});
  });
});
