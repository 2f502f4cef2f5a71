// The map's grouping: one pin per merchant (name at a place), totals in bigint minor units, and
// purchases at merchants without a location counted rather than dropped.
import { canSpread, clusterPoints, frameOf, groupByMerchant, type MapPurchase } from '../src/merchant-map';

const at = (lat: number, lon: number) => ({ lat, lon });
const buy = (id: string, amount: string, merchant: MapPurchase['merchant']): MapPurchase => ({
  id,
  bookedAt: '2026-11-30T10:00:00Z',
  amount: { amount, currency: 'EUR' },
  merchant,
});

describe('merchant map grouping', () => {
  it('groups purchases by merchant and place, sums exactly, and counts those without a location', () => {
    const data = groupByMerchant(
      [
        buy('1', '0.10', { name: 'Bakery', city: 'Berlin', country: 'DE', location: at(52.5, 13.4) }),
        buy('2', '0.20', { name: 'Bakery', city: 'Berlin', country: 'DE', location: at(52.5, 13.4) }),
        // the same chain in another city is another pin
        buy('3', '5.00', { name: 'Bakery', city: 'Hamburg', country: 'DE', location: at(53.55, 9.99) }),
        buy('4', '9.99', { name: 'ShopOnline24', city: null, country: null, location: null }),
        // a transfer: no merchant, not a card purchase
        buy('5', '100.00', null),
      ],
      'EUR',
    );
    expect(data.purchases).toBe(4);
    expect(data.unlocated).toBe(1);
    expect(data.merchants.map((m) => [m.name, m.city, m.count, m.total])).toEqual([
      ['Bakery', 'Berlin', 2, 30n],
      ['Bakery', 'Hamburg', 1, 500n],
    ]);
    expect(data.merchants[0]?.purchases.map((p) => p.id)).toEqual(['1', '2']);
  });

  it('frames the pins, with room around a single one', () => {
    expect(frameOf([])).toBeNull();
    expect(frameOf([at(52, 13)])).toEqual({ west: 11.5, east: 14.5, south: 50.5, north: 53.5 });
    expect(frameOf([at(40.7, -74), at(52.5, 13.4)])).toEqual({ west: -74, east: 13.4, south: 40.7, north: 52.5 });
  });

  it('draws pins closer than a pin as one cluster, anchored on the first (biggest) of them', () => {
    const placed = [
      { item: 'DailyBasket', x: 100, y: 100 },
      { item: 'Hamburg shop', x: 40, y: 20 },
      { item: 'GrünKorb', x: 110, y: 105 },
      // close to GrünKorb but not to the anchor: anchors do not drift
      { item: 'FreshMart', x: 125, y: 100 },
      { item: 'Kiosk', x: 90, y: 92 },
    ];
    expect(clusterPoints(placed, 20)).toEqual([
      { x: 100, y: 100, members: ['DailyBasket', 'GrünKorb', 'Kiosk'] },
      { x: 40, y: 20, members: ['Hamburg shop'] },
      { x: 125, y: 100, members: ['FreshMart'] },
    ]);
    // far enough apart, every pin its own
    expect(clusterPoints(placed, 5).map((c) => c.members.length)).toEqual([1, 1, 1, 1, 1]);
    expect(clusterPoints([], 20)).toEqual([]);
  });

  it('zooms into a cluster only when its places are apart', () => {
    expect(canSpread([at(52.52, 13.4), at(52.53, 13.41)])).toBe(true);
    // two shops at one address stay one pin at any zoom: pressing it picks one instead
    expect(canSpread([at(52.52, 13.4), at(52.52, 13.4)])).toBe(false);
    expect(canSpread([])).toBe(false);
  });
});
