// The demo catalogue loaded on first start: invented brands, one or more per category, with the
// card-network merchant ids the card feed will attribute purchases by (M-<CATEGORY>-nnn).
import type { PartnerCategory, RewardKind } from '../domain/catalogue';

export interface SeedPartner {
  id: string;
  name: string;
  category: PartnerCategory;
  /** decimal string or null (no boost) */
  earnBoostPercent: string | null;
  merchantIds: string[];
  rewards: Array<{ id: string; kind: RewardKind; title: string; pointsPrice: number; stock: number }>;
}

const LOGO_BASE = 'https://cdn.corebridge.example/partners';

export function logoUrlOf(partnerId: string): string {
  return `${LOGO_BASE}/${partnerId.slice(2).toLowerCase()}.svg`;
}

export const DEMO_CATALOGUE_NAME = 'demo-catalogue-v1';

export const DEMO_PARTNERS: readonly SeedPartner[] = Object.freeze([
  {
    id: 'P-ZIPRIDE',
    name: 'ZipRide',
    category: 'RIDE_HAILING',
    earnBoostPercent: '2.00',
    merchantIds: ['M-RIDE-001', 'M-RIDE-002'],
    rewards: [
      { id: 'R-ZIPRIDE-01', kind: 'CREDIT', title: '5.00 ride credit', pointsPrice: 500, stock: 1000 },
      { id: 'R-ZIPRIDE-02', kind: 'CREDIT', title: '15.00 ride credit', pointsPrice: 1400, stock: 400 },
      { id: 'R-ZIPRIDE-03', kind: 'VOUCHER', title: 'Free airport transfer', pointsPrice: 4000, stock: 50 },
    ],
  },
  {
    id: 'P-CITYHOP',
    name: 'CityHop Cabs',
    category: 'RIDE_HAILING',
    earnBoostPercent: '1.50',
    merchantIds: ['M-RIDE-003'],
    rewards: [
      { id: 'R-CITYHOP-01', kind: 'VOUCHER', title: '20 % off your next three rides', pointsPrice: 700, stock: 300 },
      { id: 'R-CITYHOP-02', kind: 'CREDIT', title: '10.00 ride credit', pointsPrice: 950, stock: 0 },
    ],
  },
  {
    id: 'P-BEANSTREET',
    name: 'Bean Street Coffee',
    category: 'COFFEE',
    earnBoostPercent: '3.00',
    merchantIds: ['M-COFFEE-001', 'M-COFFEE-002', 'M-COFFEE-003'],
    rewards: [
      { id: 'R-BEANSTREET-01', kind: 'VOUCHER', title: 'Any hot drink', pointsPrice: 300, stock: 5000 },
      { id: 'R-BEANSTREET-02', kind: 'VOUCHER', title: 'Breakfast for two', pointsPrice: 1500, stock: 250 },
      { id: 'R-BEANSTREET-03', kind: 'EXPERIENCE', title: 'Barista masterclass', pointsPrice: 6000, stock: 12 },
    ],
  },
  {
    id: 'P-MORNINGCUP',
    name: 'Morning Cup',
    category: 'COFFEE',
    earnBoostPercent: '2.50',
    merchantIds: ['M-COFFEE-004'],
    rewards: [
      { id: 'R-MORNINGCUP-01', kind: 'VOUCHER', title: 'Coffee and pastry', pointsPrice: 450, stock: 2000 },
      { id: 'R-MORNINGCUP-02', kind: 'CREDIT', title: '10.00 card top-up', pointsPrice: 1000, stock: 600 },
      { id: 'R-MORNINGCUP-03', kind: 'VOUCHER', title: 'A month of daily filter coffee', pointsPrice: 5500, stock: 40 },
    ],
  },
  {
    id: 'P-FRESHCART',
    name: 'FreshCart',
    category: 'GROCERIES',
    earnBoostPercent: '1.00',
    merchantIds: ['M-GROCERY-001', 'M-GROCERY-002'],
    rewards: [
      { id: 'R-FRESHCART-01', kind: 'VOUCHER', title: '10.00 off a 50.00 shop', pointsPrice: 900, stock: 1500 },
      { id: 'R-FRESHCART-02', kind: 'VOUCHER', title: 'Free home delivery for a month', pointsPrice: 1200, stock: 800 },
      { id: 'R-FRESHCART-03', kind: 'CREDIT', title: '25.00 shopping credit', pointsPrice: 2300, stock: 500 },
    ],
  },
  {
    id: 'P-GREENBASKET',
    name: 'Green Basket Market',
    category: 'GROCERIES',
    earnBoostPercent: null,
    merchantIds: ['M-GROCERY-003'],
    rewards: [
      { id: 'R-GREENBASKET-01', kind: 'VOUCHER', title: 'Seasonal veg box', pointsPrice: 1100, stock: 150 },
      { id: 'R-GREENBASKET-02', kind: 'EXPERIENCE', title: 'Farm tour and tasting', pointsPrice: 4500, stock: 20 },
    ],
  },
  {
    id: 'P-SKYLARK',
    name: 'Skylark Air',
    category: 'TRAVEL',
    earnBoostPercent: '1.25',
    merchantIds: ['M-TRAVEL-001'],
    rewards: [
      { id: 'R-SKYLARK-01', kind: 'VOUCHER', title: 'Extra checked bag', pointsPrice: 2500, stock: 300 },
      { id: 'R-SKYLARK-02', kind: 'EXPERIENCE', title: 'Lounge access for two', pointsPrice: 5000, stock: 100 },
      { id: 'R-SKYLARK-03', kind: 'CREDIT', title: '100.00 flight credit', pointsPrice: 9500, stock: 60 },
    ],
  },
  {
    id: 'P-HARBOURSTAYS',
    name: 'Harbour Stays',
    category: 'TRAVEL',
    earnBoostPercent: '2.00',
    merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'],
    rewards: [
      { id: 'R-HARBOURSTAYS-01', kind: 'VOUCHER', title: 'Late check-out', pointsPrice: 800, stock: 400 },
      { id: 'R-HARBOURSTAYS-02', kind: 'CREDIT', title: '50.00 off a two-night stay', pointsPrice: 4800, stock: 120 },
      { id: 'R-HARBOURSTAYS-03', kind: 'EXPERIENCE', title: 'Weekend for two by the sea', pointsPrice: 25000, stock: 5 },
    ],
  },
  {
    id: 'P-RAILWAVE',
    name: 'RailWave',
    category: 'TRAVEL',
    earnBoostPercent: '1.00',
    merchantIds: ['M-TRAVEL-004'],
    rewards: [
      { id: 'R-RAILWAVE-01', kind: 'VOUCHER', title: 'First-class upgrade', pointsPrice: 1800, stock: 250 },
      { id: 'R-RAILWAVE-02', kind: 'CREDIT', title: '20.00 travel credit', pointsPrice: 1900, stock: 300 },
      { id: 'R-RAILWAVE-03', kind: 'EXPERIENCE', title: 'Scenic mountain line day trip', pointsPrice: 7000, stock: 30 },
    ],
  },
  {
    id: 'P-NORTHSTREAM',
    name: 'Northstream',
    category: 'STREAMING',
    earnBoostPercent: '5.00',
    merchantIds: ['M-STREAM-001'],
    rewards: [
      { id: 'R-NORTHSTREAM-01', kind: 'CREDIT', title: 'One month free', pointsPrice: 1000, stock: 10000 },
      { id: 'R-NORTHSTREAM-02', kind: 'CREDIT', title: 'Three months of the premium plan', pointsPrice: 3200, stock: 2000 },
      { id: 'R-NORTHSTREAM-03', kind: 'EXPERIENCE', title: 'Premiere screening for two', pointsPrice: 8000, stock: 0 },
    ],
  },
  {
    id: 'P-TUNEPOOL',
    name: 'TunePool Music',
    category: 'STREAMING',
    earnBoostPercent: '4.00',
    merchantIds: ['M-STREAM-002'],
    rewards: [
      { id: 'R-TUNEPOOL-01', kind: 'CREDIT', title: 'Two months of ad-free listening', pointsPrice: 1300, stock: 5000 },
      { id: 'R-TUNEPOOL-02', kind: 'CREDIT', title: 'A year of the family plan', pointsPrice: 12000, stock: 200 },
      { id: 'R-TUNEPOOL-03', kind: 'EXPERIENCE', title: 'Studio session tour', pointsPrice: 9000, stock: 10 },
    ],
  },
  {
    id: 'P-STAGEPASS',
    name: 'StagePass',
    category: 'EVENTS',
    earnBoostPercent: '3.00',
    merchantIds: ['M-EVENTS-001'],
    rewards: [
      { id: 'R-STAGEPASS-01', kind: 'VOUCHER', title: 'No booking fees for a year', pointsPrice: 1500, stock: 700 },
      { id: 'R-STAGEPASS-02', kind: 'EXPERIENCE', title: 'Front-row seats at a summer festival', pointsPrice: 15000, stock: 8 },
      { id: 'R-STAGEPASS-03', kind: 'EXPERIENCE', title: 'Backstage meet and greet', pointsPrice: 20000, stock: 4 },
    ],
  },
  {
    id: 'P-ARENAONE',
    name: 'Arena One Tickets',
    category: 'EVENTS',
    earnBoostPercent: null,
    merchantIds: ['M-EVENTS-002'],
    rewards: [
      { id: 'R-ARENAONE-01', kind: 'VOUCHER', title: '15.00 off any match ticket', pointsPrice: 1400, stock: 900 },
      { id: 'R-ARENAONE-02', kind: 'EXPERIENCE', title: 'Stadium tour for a family', pointsPrice: 6500, stock: 25 },
      { id: 'R-ARENAONE-03', kind: 'EXPERIENCE', title: 'Hospitality box for four', pointsPrice: 30000, stock: 2 },
    ],
  },
  {
    id: 'P-FORKANDFIG',
    name: 'Fork & Fig',
    category: 'DINING',
    earnBoostPercent: '2.00',
    merchantIds: ['M-DINING-001', 'M-DINING-002'],
    rewards: [
      { id: 'R-FORKANDFIG-01', kind: 'VOUCHER', title: 'Dessert on the house', pointsPrice: 400, stock: 1200 },
      { id: 'R-FORKANDFIG-02', kind: 'CREDIT', title: '30.00 dinner credit', pointsPrice: 2900, stock: 300 },
      { id: 'R-FORKANDFIG-03', kind: 'EXPERIENCE', title: "Chef's table tasting menu for two", pointsPrice: 12500, stock: 6 },
    ],
  },
]);

export const DEMO_EARN_BOOSTS_NAME = 'demo-earn-boosts-v1';

/**
 * The multiplier of loyalty's base earning at each demo partner's merchants (loyalty reads it from
 * /internal/partners/merchants); partners not named here earn at the base rate ("1").
 */
export const DEMO_EARN_BOOSTS: Readonly<Record<string, string>> = Object.freeze({
  'P-ZIPRIDE': '2',
  'P-CITYHOP': '1.5',
  'P-BEANSTREET': '3',
  'P-MORNINGCUP': '2.5',
  'P-FRESHCART': '1.25',
  'P-SKYLARK': '1.25',
  'P-HARBOURSTAYS': '2',
  'P-RAILWAVE': '1.5',
  'P-NORTHSTREAM': '5',
  'P-TUNEPOOL': '4',
  'P-STAGEPASS': '3',
  'P-FORKANDFIG': '2',
});
