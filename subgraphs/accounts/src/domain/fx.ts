// Currency conversion for spending totals over a dated reference table, rates quoted per one unit
// of the base as decimal strings. Conversion is exact rational arithmetic with one half-even
// rounding (lib/money convertCross): no floats. The table itself is read by
// adapters/reference-rates.ts.
import { convertCross, exponentOf, type Money } from '../../../../lib/money';

export interface RateTable {
  source: string;
  base: string;
  date: string;
  rounding: string;
  rates: Readonly<Record<string, string>>;
}

/** The table, frozen, if every currency is known to lib/money and every rate a positive decimal; throws otherwise. */
export function checkRateTable(t: RateTable): RateTable {
  for (const [currency, rate] of Object.entries(t.rates)) {
    exponentOf(currency);
    if (!/^\d+(\.\d+)?$/.test(rate) || !/[1-9]/.test(rate)) throw new Error(`bad reference rate for ${currency}: ${rate}`);
  }
  if (t.rates[t.base] !== '1') throw new Error('the base currency must have rate 1');
  return Object.freeze(t);
}

export class UnknownRateError extends Error {
  constructor(readonly currency: string) {
    super(`no reference rate for ${currency}`);
  }
}

/** Converts into `to` and remembers which rates it used (for the answer's `conversion`). */
export class Converter {
  readonly used = new Set<string>();

  constructor(
    readonly to: string,
    readonly table: RateTable,
  ) {
    this.rateOf(to);
  }

  private rateOf(currency: string): string {
    const r = this.table.rates[currency];
    if (r === undefined) throw new UnknownRateError(currency);
    return r;
  }

  convert(m: Money): Money {
    if (m.currency === this.to) return m;
    this.used.add(m.currency);
    return convertCross(m, this.to, this.rateOf(m.currency), this.rateOf(this.to));
  }

  description() {
    const currencies = [...this.used];
    if (currencies.length > 0 && this.to !== this.table.base) currencies.push(this.to);
    return {
      currency: this.to,
      source: this.table.source,
      ratesDate: this.table.date,
      rounding: this.table.rounding,
      rates: [...new Set(currencies)].sort().map((c) => ({ currency: c, base: this.table.base, rate: this.rateOf(c) })),
    };
  }
}
