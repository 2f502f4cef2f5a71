// Property tests: money arithmetic never loses or invents a minor unit.
import fc from 'fast-check';
import {
  add,
  allocate,
  convert,
  convertInverse,
  CURRENCY_EXPONENT,
  divideHalfEven,
  exponentOf,
  formatMinor,
  money,
  parseDecimal,
  parseRate,
  split,
  subtract,
  sum,
} from '../money';

const currencies = Object.keys(CURRENCY_EXPONENT);
const minor = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const weight = fc.bigInt({ min: 0n, max: 10n ** 9n });

describe('money arithmetic (properties)', () => {
  it('formats and parses back to the same minor units in every currency', () => {
    fc.assert(fc.property(minor, fc.constantFrom(...currencies), (m, c) => parseDecimal(formatMinor(m, c), c).minor === m));
  });

  it('sums are exact, order-independent, and undone by subtraction', () => {
    fc.assert(
      fc.property(fc.array(minor, { maxLength: 50 }), fc.constantFrom(...currencies), (ms, c) => {
        const items = ms.map((m) => money(m, c));
        const total = sum(items, c);
        const reversed = sum([...items].reverse(), c);
        expect(total).toEqual(reversed);
        expect(total.minor).toBe(ms.reduce((a, b) => a + b, 0n));
        let back = total;
        for (const it of items) back = subtract(back, it);
        expect(back.minor).toBe(0n);
        if (items.length >= 2) expect(add(items.at(0)!, items.at(1)!).minor).toBe(ms.at(0)! + ms.at(1)!);
      }),
    );
  });

  it('allocations add up to exactly the total, each part within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        minor,
        fc.array(weight, { minLength: 1, maxLength: 20 }).filter((ws) => ws.some((w) => w > 0n)),
        (total, ws) => {
          const parts = allocate(total, ws);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const sumW = ws.reduce((a, b) => a + b, 0n);
          parts.forEach((p, i) => {
            // |p * sumW - total * w| < sumW  (the part is the exact share rounded up or down)
            const w = ws.at(i)!; // allocate gives one part per weight
            const diff = p * sumW - total * w;
            expect(diff < sumW && diff > -sumW).toBe(true);
            if (w === 0n) expect(p).toBe(0n);
          });
        },
      ),
    );
  });

  it('splits of Money keep the currency and the total', () => {
    fc.assert(
      fc.property(minor, fc.constantFrom(...currencies), fc.integer({ min: 1, max: 12 }), (m, c, n) => {
        const parts = split(
          money(m, c),
          Array.from({ length: n }, () => 1n),
        );
        expect(parts.every((p) => p.currency === c)).toBe(true);
        expect(sum(parts, c).minor).toBe(m);
        const sizes = parts.map((p) => (p.minor < 0n ? -p.minor : p.minor));
        const max = sizes.reduce((a, b) => (a > b ? a : b), 0n);
        const min = sizes.reduce((a, b) => (a < b ? a : b), max);
        expect(max - min <= 1n).toBe(true);
      }),
    );
  });

  it('shares of a 100.00% total by largest remainder add to exactly 10000 basis points', () => {
    fc.assert(
      fc.property(
        fc.array(weight, { minLength: 1, maxLength: 16 }).filter((ws) => ws.some((w) => w > 0n)),
        (ws) => {
          expect(allocate(10000n, ws).reduce((a, b) => a + b, 0n)).toBe(10000n);
        },
      ),
    );
  });

  it('conversion rounds once, half to even, to within half a target minor unit of the exact value', () => {
    const rate = fc
      .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 999999 }))
      .filter(([i, f]) => i > 0 || f > 0)
      .map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`);
    fc.assert(
      fc.property(minor, fc.constantFrom(...currencies), fc.constantFrom(...currencies), rate, (m, from, to, r) => {
        const out = convert(money(m, from), to, r);
        expect(out.currency).toBe(to);
        const { numerator, denominator } = parseRate(r);
        const shift = exponentOf(to) - exponentOf(from);
        // exact = m * rate * 10^shift; |out - exact| <= 1/2, i.e. |2*(out*den') - 2*num'| <= den'
        const num = m * numerator * (shift > 0 ? 10n ** BigInt(shift) : 1n);
        const den = denominator * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
        const err = out.minor * den - num;
        expect(2n * (err < 0n ? -err : err) <= den).toBe(true);
      }),
    );
  });

  it('converting a sum equals the sum of conversions within one minor unit per item (rounding stated)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 }), (ms) => {
        const rate = '0.853210';
        const whole = convert(
          sum(
            ms.map((m) => money(m, 'GBP')),
            'GBP',
          ),
          'EUR',
          rate,
        ).minor;
        const parts = ms.map((m) => convert(money(m, 'GBP'), 'EUR', rate).minor).reduce((a, b) => a + b, 0n);
        const gap = whole - parts;
        expect(gap <= BigInt(ms.length) && gap >= -BigInt(ms.length)).toBe(true);
      }),
    );
  });

  it('rounds half to even exactly at the midpoints', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
    expect(divideHalfEven(11n, 4n)).toBe(3n);
    expect(convert(money(100n, 'JPY'), 'EUR', '0.0061')).toEqual({ minor: 61n, currency: 'EUR' });
    expect(convert(money(12345n, 'EUR'), 'JPY', '163.25')).toEqual({ minor: 20153n, currency: 'JPY' });
    expect(() => parseRate('0')).toThrow();
    expect(() => parseRate('1e3')).toThrow();
  });
});

describe('inverse-quoted conversion', () => {
  it('GBP at 0.83605 GBP per EUR: 83.61 GBP is 100.01 EUR (half-even, one rounding)', () => {
    expect(convertInverse(money(8361n, 'GBP'), 'EUR', '0.83605')).toEqual({ minor: 10001n, currency: 'EUR' });
    expect(convertInverse(money(8360500n, 'GBP'), 'EUR', '0.83605')).toEqual({ minor: 10000000n, currency: 'EUR' });
  });
});
