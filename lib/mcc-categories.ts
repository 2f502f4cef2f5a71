// Merchant category codes (ISO 18245) grouped into the everyday categories a budget view shows.
// The code list (981 codes, public domain) lives in subgraphs/accounts/data/mcc_codes.csv with its
// LICENSE.txt; the grouping below is ours. The narrowest matching range wins, so single codes
// override the block they sit in; anything unmatched is OTHER.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CATEGORIES, type Category } from './spending-categories';

export { CATEGORIES, type Category };

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = Object.freeze({
  GROCERIES: 'Groceries',
  EATING_OUT: 'Eating out',
  TRANSPORT: 'Transport',
  TRAVEL: 'Travel',
  FUEL: 'Fuel',
  VEHICLE: 'Car & vehicle',
  SHOPPING: 'Shopping',
  HOME: 'Home & garden',
  ENTERTAINMENT: 'Entertainment & leisure',
  HEALTH: 'Health',
  PERSONAL_CARE: 'Personal care & services',
  UTILITIES: 'Utilities & telecoms',
  EDUCATION: 'Education & childcare',
  FINANCIAL: 'Financial & insurance',
  GOVERNMENT: 'Taxes & government',
  OTHER: 'Other',
});

type Rule = readonly [from: number, to: number, category: Category];

/**
 * The grouping, documented by its ranges (inclusive). Single-code overrides exist because
 * several MCC blocks mix purposes (e.g. 5912 pharmacies inside the 59xx retail block).
 */
export const MCC_RULES: readonly Rule[] = [
  // --- single codes that override their block ---
  [742, 742, 'HEALTH'], // veterinary services
  [780, 780, 'HOME'], // landscaping
  [4119, 4119, 'HEALTH'], // ambulance
  [4457, 4457, 'TRAVEL'], // boat rentals
  [4468, 4468, 'TRAVEL'], // marinas
  [4829, 4829, 'FINANCIAL'], // wire transfers, money orders
  [5047, 5047, 'HEALTH'], // medical and dental supplies
  [5122, 5122, 'HEALTH'], // drugs, druggists' sundries
  [5172, 5172, 'FUEL'], // petroleum products
  [5300, 5300, 'GROCERIES'], // wholesale clubs
  [5309, 5309, 'TRAVEL'], // duty free stores
  [5541, 5542, 'FUEL'], // service stations, automated fuel dispensers
  [5811, 5814, 'EATING_OUT'], // caterers, restaurants, bars, fast food
  [5815, 5818, 'ENTERTAINMENT'], // digital goods: media, games, apps
  [5013, 5013, 'VEHICLE'], // motor vehicle supplies and parts
  [5732, 5732, 'SHOPPING'], // electronics stores
  [5733, 5735, 'ENTERTAINMENT'], // music stores, software, records
  [5912, 5912, 'HEALTH'], // drug stores and pharmacies
  [5921, 5921, 'GROCERIES'], // beer, wine and liquor stores
  [5960, 5960, 'FINANCIAL'], // direct marketing insurance
  [5962, 5962, 'TRAVEL'], // direct marketing travel arrangements
  [5975, 5976, 'HEALTH'], // hearing aids, orthopaedic goods
  [5977, 5977, 'PERSONAL_CARE'], // cosmetic stores
  [5983, 5983, 'FUEL'], // fuel oil, wood, coal, LPG
  [5992, 5992, 'HOME'], // florists
  [5996, 5996, 'HOME'], // swimming pools
  [6513, 6513, 'HOME'], // real estate agents, rentals
  [7276, 7276, 'FINANCIAL'], // tax preparation
  [7321, 7321, 'FINANCIAL'], // credit reporting
  [7342, 7342, 'HOME'], // exterminating
  [7349, 7349, 'HOME'], // cleaning and maintenance
  [7217, 7217, 'HOME'], // carpet and upholstery cleaning
  [7298, 7298, 'PERSONAL_CARE'], // health and beauty shops
  [7511, 7511, 'FUEL'], // truck stops
  [7512, 7512, 'TRAVEL'], // car rental
  [7513, 7519, 'TRAVEL'], // truck, trailer, motor-home rentals
  [7523, 7523, 'TRANSPORT'], // parking lots and garages
  [8351, 8351, 'EDUCATION'], // child care
  [8675, 8675, 'VEHICLE'], // automobile associations
  [8931, 8931, 'FINANCIAL'], // accounting, bookkeeping
  // --- ranges ---
  [1, 1499, 'OTHER'], // agricultural services
  [1500, 1799, 'HOME'], // contractors, building trades
  [2000, 2999, 'OTHER'], // printing, publishing, chemicals
  [3000, 3350, 'TRAVEL'], // airlines by name
  [3351, 3500, 'TRAVEL'], // car rental companies by name
  [3501, 3999, 'TRAVEL'], // hotels and resorts by name
  [4000, 4199, 'TRANSPORT'], // railways, commuter transport, taxis, buses
  [4200, 4299, 'OTHER'], // freight, couriers, storage
  [4400, 4799, 'TRAVEL'], // cruise lines, airlines, airports, travel agencies
  [4784, 4789, 'TRANSPORT'], // tolls, transportation services n.e.c.
  [4800, 4999, 'UTILITIES'], // telecoms, cable, electricity, gas, water
  [5000, 5199, 'SHOPPING'], // wholesale and durable goods
  [5200, 5299, 'HOME'], // home supply, hardware, garden
  [5300, 5399, 'SHOPPING'], // department, discount and variety stores
  [5400, 5499, 'GROCERIES'], // supermarkets, bakeries, convenience stores
  [5500, 5599, 'VEHICLE'], // car dealers, parts, tyres
  [5600, 5699, 'SHOPPING'], // clothing and shoes
  [5700, 5799, 'HOME'], // furniture, furnishings, appliances
  [5800, 5999, 'SHOPPING'], // other retail
  [6000, 6999, 'FINANCIAL'], // cash, brokers, insurance
  [7000, 7099, 'TRAVEL'], // lodging, timeshares, camps
  [7200, 7299, 'PERSONAL_CARE'], // laundry, salons, personal services
  [7300, 7499, 'OTHER'], // business services
  [7500, 7599, 'VEHICLE'], // repairs, car washes, towing
  [7600, 7699, 'HOME'], // repair shops
  [7800, 7999, 'ENTERTAINMENT'], // lotteries, cinemas, sports, amusement
  [8000, 8099, 'HEALTH'], // doctors, dentists, hospitals
  [8200, 8299, 'EDUCATION'], // schools and universities
  [8100, 8999, 'OTHER'], // legal, charities, associations, professional services
  [9000, 9499, 'GOVERNMENT'], // courts, fines, taxes, government services
  [9500, 9999, 'OTHER'], // network-internal codes
];

// The narrowest matching rule wins (ties: the earlier one), so an override such as 4784-4789
// (tolls) beats the 4400-4799 travel block wherever it is written in the list.
const ORDERED_RULES: readonly Rule[] = [...MCC_RULES]
  .map((r, i) => ({ r, i }))
  .sort((a, b) => a.r[1] - a.r[0] - (b.r[1] - b.r[0]) || a.i - b.i)
  .map(({ r }) => r);

function toCode(mcc: string | number): number | null {
  const text = typeof mcc === 'number' ? String(mcc) : mcc.trim();
  if (!/^\d{1,4}$/.test(text)) return null;
  return Number(text);
}

/** The everyday category of a merchant category code; OTHER for anything unknown or malformed. */
export function categoryOfMcc(mcc: string | number | null | undefined): Category {
  if (mcc === null || mcc === undefined) return 'OTHER';
  const code = toCode(mcc);
  if (code === null) return 'OTHER';
  for (const [from, to, category] of ORDERED_RULES) {
    if (code >= from && code <= to) return category;
  }
  return 'OTHER';
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

interface MccCode {
  /** four digits, zero-padded ("0742") */
  mcc: string;
  description: string;
  category: Category;
}

/** The copied public-domain code list (with its LICENSE.txt next to it). */
const MCC_LIST_PATH = path.join(__dirname, '..', 'subgraphs', 'accounts', 'data', 'mcc_codes.csv');

let loaded: ReadonlyMap<string, MccCode> | null = null;

/** Splits one CSV line honouring double quotes ("a, b" stays one field; "" is a quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

export function parseMccCsv(text: string): Map<string, MccCode> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const mccCol = header.indexOf('mcc');
  const descCol = header.indexOf('edited_description');
  if (mccCol < 0 || descCol < 0) throw new Error('MCC list lacks the mcc / edited_description columns');
  const codes = new Map<string, MccCode>();
  for (const line of lines.slice(1)) {
    const cols = splitCsvLine(line);
    const mcc = (cols[mccCol] ?? '').trim().padStart(4, '0');
    if (!/^\d{4}$/.test(mcc)) continue;
    codes.set(mcc, { mcc, description: (cols[descCol] ?? '').trim(), category: categoryOfMcc(mcc) });
  }
  return codes;
}

/** The full code list (loaded once, lazily). */
export function mccCodes(): ReadonlyMap<string, MccCode> {
  if (!loaded) loaded = parseMccCsv(readFileSync(MCC_LIST_PATH, 'utf8'));
  return loaded;
}

/**
 * Description of a code from the list, or null when the list does not know it. Only the tests call
 * it: it is how they check the copied list still reads as published.
 */
export function describeMcc(mcc: string | number): string | null {
  const code = toCode(String(mcc));
  if (code === null) return null;
  return mccCodes().get(String(code).padStart(4, '0'))?.description ?? null;
}

/** All listed codes of one category (e.g. to ask the core for "travel" transactions). */
export function mccsOfCategory(category: Category): string[] {
  return [...mccCodes().values()].filter((c) => c.category === category).map((c) => c.mcc);
}
