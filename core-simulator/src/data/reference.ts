// Fixed catalogues the generator draws from. Names are invented (no real people, employers or
// brands); cities are real with approximate centre coordinates; MCC codes are real ISO 18245
// codes (all present in the public-domain list under /work/shared/fixtures/mcc/).

interface City {
  name: string;
  country: string; // ISO 3166 alpha-2
  /** centre in micro-degrees (integers, so coordinates never pass through float formatting) */
  latE6: number;
  lonE6: number;
  /** relative size: how many customers live there / how many merchants it gets */
  weight: number;
}

const c = (name: string, country: string, lat: number, lon: number, weight = 1): City => ({
  name,
  country,
  latE6: Math.round(lat * 1e6),
  lonE6: Math.round(lon * 1e6),
  weight,
});

export const CITIES: readonly City[] = [
  // home market
  c('Berlin', 'DE', 52.52, 13.405, 12),
  c('Hamburg', 'DE', 53.5511, 9.9937, 7),
  c('München', 'DE', 48.1351, 11.582, 6),
  c('Köln', 'DE', 50.9375, 6.9603, 5),
  c('Frankfurt am Main', 'DE', 50.1109, 8.6821, 4),
  c('Stuttgart', 'DE', 48.7758, 9.1829, 3),
  c('Düsseldorf', 'DE', 51.2277, 6.7735, 3),
  c('Leipzig', 'DE', 51.3397, 12.3731, 3),
  c('Dortmund', 'DE', 51.5136, 7.4653, 3),
  c('Essen', 'DE', 51.4556, 7.0116, 2),
  c('Bremen', 'DE', 53.0793, 8.8017, 2),
  c('Dresden', 'DE', 51.0504, 13.7373, 2),
  c('Hannover', 'DE', 52.3759, 9.732, 2),
  c('Nürnberg', 'DE', 49.4521, 11.0767, 2),
  c('Freiburg im Breisgau', 'DE', 47.999, 7.8421, 1),
  c('Münster', 'DE', 51.9607, 7.6261, 1),
  c('Bonn', 'DE', 50.7374, 7.0982, 1),
  c('Mannheim', 'DE', 49.4875, 8.466, 1),
  c('Kiel', 'DE', 54.3233, 10.1228, 1),
  c('Rostock', 'DE', 54.0924, 12.0991, 1),
  // neighbours where some customers live
  c('Wien', 'AT', 48.2082, 16.3738, 3),
  c('Graz', 'AT', 47.0707, 15.4395, 1),
  c('Salzburg', 'AT', 47.8095, 13.055, 1),
  c('Amsterdam', 'NL', 52.3676, 4.9041, 2),
  c('Rotterdam', 'NL', 51.9244, 4.4777, 1),
  // travel destinations
  c('Paris', 'FR', 48.8566, 2.3522, 3),
  c('Lyon', 'FR', 45.764, 4.8357, 1),
  c('Nice', 'FR', 43.7102, 7.262, 1),
  c('Barcelona', 'ES', 41.3874, 2.1686, 3),
  c('Madrid', 'ES', 40.4168, -3.7038, 2),
  c('Palma', 'ES', 39.5696, 2.6502, 2),
  c('Málaga', 'ES', 36.7213, -4.4214, 1),
  c('Roma', 'IT', 41.9028, 12.4964, 2),
  c('Milano', 'IT', 45.4642, 9.19, 1),
  c('Venezia', 'IT', 45.4408, 12.3155, 1),
  c('Firenze', 'IT', 43.7696, 11.2558, 1),
  c('Lisboa', 'PT', 38.7223, -9.1393, 2),
  c('Porto', 'PT', 41.1579, -8.6291, 1),
  c('København', 'DK', 55.6761, 12.5683, 1),
  c('Praha', 'CZ', 50.0755, 14.4378, 2),
  c('Stockholm', 'SE', 59.3293, 18.0686, 1),
  c('Athína', 'GR', 37.9838, 23.7275, 1),
  c('Dubrovnik', 'HR', 42.6507, 18.0944, 1),
  // countries of the foreign-currency accounts
  c('London', 'GB', 51.5072, -0.1276, 3),
  c('Manchester', 'GB', 53.4808, -2.2426, 1),
  c('Edinburgh', 'GB', 55.9533, -3.1883, 1),
  c('New York', 'US', 40.7128, -74.006, 2),
  c('San Francisco', 'US', 37.7749, -122.4194, 1),
  c('Miami', 'US', 25.7617, -80.1918, 1),
  c('Zürich', 'CH', 47.3769, 8.5417, 2),
  c('Genève', 'CH', 46.2044, 6.1432, 1),
  c('Basel', 'CH', 47.5596, 7.5886, 1),
  c('Warszawa', 'PL', 52.2297, 21.0122, 2),
  c('Kraków', 'PL', 50.0647, 19.945, 1),
  c('Gdańsk', 'PL', 54.352, 18.6466, 1),
];

export const HOME_COUNTRY = 'DE';

/** Where customers live: mostly the home market, a few across the border. */
export const RESIDENCE_COUNTRIES: readonly { country: string; weight: number }[] = [
  { country: 'DE', weight: 90 },
  { country: 'AT', weight: 6 },
  { country: 'NL', weight: 4 },
];

/** The country whose merchants a foreign-currency account spends with. */
export const CURRENCY_COUNTRY: Readonly<Record<string, string>> = { GBP: 'GB', USD: 'US', CHF: 'CH', PLN: 'PL' };

/** Integer factor from "EUR-like" amounts to the currency (no FX floats: PLN amounts are ~4x). */
export const CURRENCY_SCALE: Readonly<Record<string, number>> = { EUR: 1, GBP: 1, USD: 1, CHF: 1, PLN: 4 };

type SpendScope = 'LOCAL' | 'TRAVEL' | 'ONLINE' | 'RECURRING' | 'ATM';

export interface MerchantCategory {
  mcc: string;
  brands: readonly string[];
  /** amount range in minor units of a EUR-like currency */
  min: number;
  max: number;
  /** relative frequency among card spends in its scope */
  weight: number;
  scope: SpendScope;
}

export const MERCHANT_CATEGORIES: readonly MerchantCategory[] = [
  // everyday spending where people live
  { mcc: '5411', brands: ['FreshMart', 'GrünKorb Markt', 'DailyBasket'], min: 250, max: 16000, weight: 30, scope: 'LOCAL' },
  { mcc: '5462', brands: ['Backstube Sonnenkorn', 'Brotzeit Bäckerei'], min: 150, max: 1500, weight: 8, scope: 'LOCAL' },
  { mcc: '5812', brands: ['Trattoria Luna', 'Zum Goldenen Hirsch', 'Bistro Quartier', 'Pho Saigon Kitchen'], min: 1200, max: 12000, weight: 8, scope: 'LOCAL' },
  { mcc: '5814', brands: ['Burger Bros', 'Döner Palast', 'Wrap & Roll'], min: 450, max: 2500, weight: 8, scope: 'LOCAL' },
  { mcc: '5813', brands: ['Kiezbar', 'The Copper Tap'], min: 600, max: 6000, weight: 3, scope: 'LOCAL' },
  { mcc: '5541', brands: ['Tankpunkt', 'FuelUp Station'], min: 2500, max: 11000, weight: 4, scope: 'LOCAL' },
  { mcc: '5912', brands: ['Stadt-Apotheke', 'MediPlus Apotheke'], min: 300, max: 6000, weight: 3, scope: 'LOCAL' },
  { mcc: '5977', brands: ['Glow Drogerie'], min: 200, max: 4000, weight: 3, scope: 'LOCAL' },
  { mcc: '5311', brands: ['Kaufhaus Centrum'], min: 1500, max: 25000, weight: 2, scope: 'LOCAL' },
  { mcc: '5651', brands: ['Modehaus Weber', 'Urban Threads'], min: 1500, max: 18000, weight: 3, scope: 'LOCAL' },
  { mcc: '5661', brands: ['Schuhwerk'], min: 3000, max: 15000, weight: 1, scope: 'LOCAL' },
  { mcc: '5732', brands: ['ElektroWelt', 'Pixel & Plug'], min: 1500, max: 120000, weight: 1, scope: 'LOCAL' },
  { mcc: '5942', brands: ['Buchhandlung Seitenweise'], min: 800, max: 6000, weight: 1, scope: 'LOCAL' },
  { mcc: '4111', brands: ['Stadtverkehr Tickets'], min: 200, max: 9000, weight: 5, scope: 'LOCAL' },
  { mcc: '4121', brands: ['CityCab', 'RideNow'], min: 800, max: 6000, weight: 2, scope: 'LOCAL' },
  { mcc: '7832', brands: ['Filmpalast'], min: 900, max: 4000, weight: 1, scope: 'LOCAL' },
  { mcc: '7230', brands: ['Salon Schnitt'], min: 1800, max: 9000, weight: 1, scope: 'LOCAL' },
  { mcc: '5995', brands: ['Tierwelt'], min: 500, max: 8000, weight: 1, scope: 'LOCAL' },
  { mcc: '5200', brands: ['Heimwerker Depot'], min: 1000, max: 20000, weight: 1, scope: 'LOCAL' },
  { mcc: '5941', brands: ['Sportarena'], min: 1500, max: 20000, weight: 1, scope: 'LOCAL' },
  // what a traveller pays for
  { mcc: '7011', brands: ['Hotel Panorama', 'Grand Hotel Central', 'City Stay Suites'], min: 7000, max: 45000, weight: 3, scope: 'TRAVEL' },
  { mcc: '5812', brands: ['Café del Porto', 'Old Town Brasserie', 'Harbour Kitchen'], min: 1500, max: 14000, weight: 6, scope: 'TRAVEL' },
  { mcc: '5411', brands: ['Corner Market'], min: 300, max: 6000, weight: 3, scope: 'TRAVEL' },
  { mcc: '4121', brands: ['Metro Taxi'], min: 900, max: 7000, weight: 2, scope: 'TRAVEL' },
  { mcc: '7991', brands: ['City Museum', 'Old Town Tours'], min: 1000, max: 6000, weight: 2, scope: 'TRAVEL' },
  { mcc: '7512', brands: ['DriveAway Rentals'], min: 3000, max: 30000, weight: 1, scope: 'TRAVEL' },
  { mcc: '5813', brands: ['Rooftop Bar'], min: 800, max: 7000, weight: 2, scope: 'TRAVEL' },
  // online shops (located at their head office)
  { mcc: '5999', brands: ['ShopOnline24', 'Marktplatz Direkt'], min: 900, max: 25000, weight: 4, scope: 'ONLINE' },
  { mcc: '5815', brands: ['Appstore Digital', 'E-Book Corner'], min: 99, max: 2999, weight: 2, scope: 'ONLINE' },
  { mcc: '5816', brands: ['GameVault'], min: 199, max: 6999, weight: 1, scope: 'ONLINE' },
  { mcc: '4511', brands: ['SkyJet Airways', 'AeroLink'], min: 4900, max: 65000, weight: 1, scope: 'ONLINE' },
  { mcc: '4722', brands: ['Wanderlust Reisen'], min: 9900, max: 180000, weight: 1, scope: 'ONLINE' },
  // paid monthly
  { mcc: '4899', brands: ['StreamFlix', 'TuneWave Music'], min: 799, max: 1799, weight: 0, scope: 'RECURRING' },
  { mcc: '4814', brands: ['Telko Mobil', 'NetzPlus'], min: 1999, max: 6499, weight: 0, scope: 'RECURRING' },
  { mcc: '4900', brands: ['Stadtwerke Energie', 'GreenPower Strom'], min: 4500, max: 18000, weight: 0, scope: 'RECURRING' },
  { mcc: '6300', brands: ['Sicherheit Versicherung'], min: 2500, max: 12000, weight: 0, scope: 'RECURRING' },
  { mcc: '7997', brands: ['FitHaus Studios'], min: 1990, max: 5990, weight: 0, scope: 'RECURRING' },
  // cash
  { mcc: '6011', brands: ['EuroCash ATM'], min: 2000, max: 40000, weight: 0, scope: 'ATM' },
];

export const FIRST_NAMES: readonly string[] = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hannah',
  'Ida',
  'Jonas',
  'Karl',
  'Lea',
  'Leon',
  'Lina',
  'Lukas',
  'Marie',
  'Max',
  'Mia',
  'Noah',
  'Nora',
  'Oskar',
  'Paul',
  'Paula',
  'Elias',
  'Sophie',
  'Tim',
  'Ella',
  'Finn',
  'Amelie',
  'Emil',
  'Jana',
  'Moritz',
  'Laura',
  'Julian',
  'Sara',
  'Tobias',
  'Yusuf',
  'Aylin',
  'Mehmet',
  'Elif',
  'Luca',
  'Giulia',
  'Mateo',
  'Lucía',
  'Olga',
  'Piotr',
  'Zofia',
  'Ivan',
  'Amira',
  'Omar',
  'Chen',
  'Mei',
  'Aiko',
  'Ravi',
  'Priya',
  'Thomas',
  'Sabine',
  'Andreas',
  'Monika',
  'Stefan',
  'Petra',
  'Michael',
  'Ursula',
  'Wolfgang',
  'Renate',
];

export const LAST_NAMES: readonly string[] = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Braun',
  'Zimmermann',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Lehmann',
  'Köhler',
  'Maier',
  'Huber',
  'Kaiser',
  'Fuchs',
  'Peters',
  'Scholz',
  'Möller',
  'Vogel',
  'Jung',
  'Keller',
  'Yılmaz',
  'Kaya',
  'Demir',
  'Rossi',
  'Romano',
  'García',
  'Fernández',
  'Kowalski',
  'Nowak',
  'Novák',
  'Jansen',
  'de Vries',
  'Dubois',
  'Nguyen',
  'Wang',
  'Sato',
  'Sharma',
  'Haddad',
  'Popescu',
  'Ivanova',
];

export const EMPLOYERS: readonly string[] = [
  'Nordlicht Logistik GmbH',
  'Rheintal Software AG',
  'Spreeufer Kliniken gGmbH',
  'Alpenblick Maschinenbau GmbH',
  'Hanse Handelshaus KG',
  'Lindenhof Schulen e.V.',
  'Elbtal Energie AG',
  'Mainufer Versicherung AG',
  'Stadtverwaltung Musterstadt',
  'Brückenbau Consult GmbH',
  'Bergwerk Digital GmbH',
  'Sonnenfeld Pflege GmbH',
  'Kieler Werft Service GmbH',
  'Isar Medien GmbH',
  'Ruhrtal Chemie AG',
  'Weserport Spedition GmbH',
  'Feldberg Gastronomie GmbH',
  'Kranich Luftfahrttechnik GmbH',
  'Neckar Automotive AG',
  'Havelland Agrar eG',
];

export const LANDLORDS: readonly string[] = [
  'Wohnbau Gesellschaft mbH',
  'Stadtwohnen eG',
  'Immobilien Verwaltung Krause',
  'Hausverwaltung Lindenstraße',
  'Mietpartner GmbH',
  'Quartier Wohnen AG',
];

export const TRANSFER_NARRATIVES: readonly string[] = [
  'Dinner',
  'Rent share',
  'Birthday gift',
  'Concert tickets',
  'Holiday flat',
  'Thanks!',
  'Groceries',
  'Football club',
  'Car share',
  'Wedding gift',
  'Loan repayment',
  'Flat deposit share',
];

export type Segment = 'RETAIL' | 'PREMIER' | 'PRIVATE' | 'YOUTH';

export interface Product {
  code: string;
  name: string;
}

export const CURRENT_PRODUCTS: Readonly<Record<Segment, Product>> = {
  RETAIL: { code: 'CUR-STD', name: 'Everyday Current Account' },
  PREMIER: { code: 'CUR-PREM', name: 'Premier Current Account' },
  PRIVATE: { code: 'CUR-PRIV', name: 'Private Banking Current Account' },
  YOUTH: { code: 'CUR-YOUTH', name: 'Youth Current Account' },
};

export const FX_CURRENT_PRODUCT = (currency: string): Product => ({ code: `CUR-FX-${currency}`, name: `Foreign Currency Account ${currency}` });
export const SAVINGS_PRODUCTS: readonly Product[] = [
  { code: 'SAV-FLEX', name: 'Flexible Saver' },
  { code: 'SAV-GOAL', name: 'Goal Saver' },
];
export const LOAN_PRODUCTS: readonly Product[] = [
  { code: 'LN-PERS', name: 'Personal Loan' },
  { code: 'LN-CAR', name: 'Car Loan' },
  { code: 'LN-HOME', name: 'Home Improvement Loan' },
];
export const CARD_PRODUCTS: readonly Product[] = [
  { code: 'CC-CLASSIC', name: 'Classic Credit Card' },
  { code: 'CC-GOLD', name: 'Gold Credit Card' },
];

/** Monthly account fee in minor units by segment (0: no fee). */
export const MONTHLY_FEE: Readonly<Record<Segment, number>> = { RETAIL: 490, PREMIER: 1490, PRIVATE: 0, YOUTH: 0 };

/** Bank code of this bank inside its DE IBANs (fictitious). */
export const BANK_CODE = '10090044';
