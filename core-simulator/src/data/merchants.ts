// The merchant catalogue: a few hundred shops, restaurants, hotels, ATMs and online/monthly
// billers across the cities of reference.ts. It does not depend on the seed: merchants are the
// world the customers live in, the same in every run, so fixtures can name them.
import { Rng } from '../prng';
import { nth } from './nth';
import { CITIES, HOME_COUNTRY, MERCHANT_CATEGORIES, type MerchantCategory } from './reference';
import type { Merchant } from './types';

const CATALOGUE_SEED = 0x4d43_4301;

/** Formats micro-degrees as a decimal string with 6 places ("-3.703800"), integer-only. */
function formatE6(value: number): string {
  const neg = value < 0;
  const abs = Math.abs(value);
  const s = `${Math.floor(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')}`;
  return neg ? `-${s}` : s;
}

export interface MerchantCatalogue {
  all: Merchant[];
  /** LOCAL-scope merchants per city index (where residents shop) */
  localByCity: number[][];
  /** TRAVEL-scope merchants per city index (what visitors pay for) */
  travelByCity: number[][];
  atmByCity: number[];
  online: number[];
  /** monthly billers by MCC */
  recurringByMcc: Map<string, number[]>;
  /** cities per country, for foreign-currency spending */
  citiesByCountry: Map<string, number[]>;
  /** cities outside the home market (trip destinations) */
  abroadCities: number[];
  /** weights of the categories, aligned with the index arrays, for picking a category first */
  categoryWeights: readonly number[];
}

export function buildMerchants(): MerchantCatalogue {
  const rng = new Rng(CATALOGUE_SEED);
  const all: Merchant[] = [];
  const localByCity: number[][] = CITIES.map(() => []);
  const travelByCity: number[][] = CITIES.map(() => []);
  const atmByCity: number[] = [];
  const online: number[] = [];
  const recurringByMcc = new Map<string, number[]>();

  const add = (cat: MerchantCategory, category: number, brand: string, cityIndex: number, suffixCity: boolean): number => {
    const city = nth(CITIES, cityIndex, 'city');
    const index = all.length;
    // within ~3 km of the centre
    const lat = city.latE6 + rng.int(-25_000, 25_000);
    const lon = city.lonE6 + rng.int(-35_000, 35_000);
    all.push({
      index,
      merchantId: `M-${String(index + 1).padStart(5, '0')}`,
      name: suffixCity ? `${brand} ${city.name}` : brand,
      mcc: cat.mcc,
      city: city.name,
      country: city.country,
      latitude: formatE6(lat),
      longitude: formatE6(lon),
      cityIndex,
      category,
    });
    return index;
  };

  const homeCities = CITIES.flatMap((city, i) => (city.country === HOME_COUNTRY ? [i] : []));
  MERCHANT_CATEGORIES.forEach((cat, category) => {
    if (cat.scope === 'ONLINE' || cat.scope === 'RECURRING') {
      // nationwide brands, located at a head office in the home market
      const list: number[] = [];
      for (const brand of cat.brands) list.push(add(cat, category, brand, rng.pick(homeCities), false));
      if (cat.scope === 'ONLINE') online.push(...list);
      else recurringByMcc.set(cat.mcc, [...(recurringByMcc.get(cat.mcc) ?? []), ...list]);
    }
  });
  // the last category is the ATMs'
  const atmCategory = MERCHANT_CATEGORIES.length - 1;
  const atm = nth(MERCHANT_CATEGORIES, atmCategory, 'merchant category');
  CITIES.forEach((city, cityIndex) => {
    const resident = city.country === HOME_COUNTRY || city.country === 'AT' || city.country === 'NL';
    const local = nth(localByCity, cityIndex, 'city');
    const travel = nth(travelByCity, cityIndex, 'city');
    atmByCity[cityIndex] = add(atm, atmCategory, 'EuroCash ATM', cityIndex, true);
    MERCHANT_CATEGORIES.forEach((cat, category) => {
      if (cat.scope === 'LOCAL') {
        // places where customers live get most everyday categories; the others a handful
        const keep = resident ? cat.weight >= 3 || rng.chance(0.2 + 0.05 * city.weight) : cat.weight >= 8 && rng.chance(0.5);
        if (!keep) return;
        const brands = resident && city.weight >= 6 ? cat.brands : [rng.pick(cat.brands)];
        for (const brand of brands) local.push(add(cat, category, brand, cityIndex, true));
      } else if (cat.scope === 'TRAVEL') {
        const keep = !resident || city.weight >= 3 ? cat.weight >= 3 || rng.chance(0.6) : false;
        if (!keep) return;
        travel.push(add(cat, category, rng.pick(cat.brands), cityIndex, true));
      }
    });
  });
  // every city needs somewhere to spend, whatever the draws gave it
  for (const [i, local] of localByCity.entries()) {
    const travel = nth(travelByCity, i, 'city');
    if (local.length === 0) local.push(...travel);
    if (travel.length === 0) travel.push(...local);
  }

  const citiesByCountry = new Map<string, number[]>();
  CITIES.forEach((city, i) => citiesByCountry.set(city.country, [...(citiesByCountry.get(city.country) ?? []), i]));
  const abroadCities = CITIES.flatMap((city, i) => (city.country !== HOME_COUNTRY ? [i] : []));

  return {
    all,
    localByCity,
    travelByCity,
    atmByCity,
    online,
    recurringByMcc,
    citiesByCountry,
    abroadCities,
    categoryWeights: MERCHANT_CATEGORIES.map((cat) => cat.weight),
  };
}
