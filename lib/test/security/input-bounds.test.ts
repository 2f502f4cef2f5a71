// Every free input of the four subgraphs has a bound, written down once: each String, ID and
// Decimal argument and input field of schema/*.graphql has its line in lib/input-bounds.ts and in
// docs/architecture.md's "Input bounds" table, and the bounds refuse what they must without work
// proportional to the input (a 60,000-digit amount is refused on its length).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, type TypeNode } from 'graphql';
import { INPUT_BOUNDS, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, outsideBound } from '../../input-bounds';
import { loadSdl } from '../../sdl';
import { missing } from '../../../test/support/present';

const SUBGRAPHS = ['accounts', 'loyalty', 'offers', 'partners', 'engagement'];
const FREE_SCALARS = new Set(['String', 'ID', 'Decimal']);

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

/** The coordinates of every free input (String, ID, Decimal) the SDLs declare. */
function freeInputs(): string[] {
  const out: string[] = [];
  for (const name of SUBGRAPHS) {
    for (const def of loadSdl(name).definitions) {
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) {
        for (const field of def.fields ?? []) {
          for (const arg of field.arguments ?? []) {
            if (FREE_SCALARS.has(namedType(arg.type))) out.push(`${def.name.value}.${field.name.value}(${arg.name.value}:)`);
          }
        }
      } else if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
        for (const field of def.fields ?? []) if (FREE_SCALARS.has(namedType(field.type))) out.push(`${def.name.value}.${field.name.value}`);
      }
    }
  }
  return out;
}

const bound = (coordinate: string) => INPUT_BOUNDS[coordinate] ?? missing(`the bound of ${coordinate}`);

describe('input bounds cover every free input', () => {
  it('has a bound for every String, ID and Decimal argument and input field of the SDLs, and none for inputs that do not exist', () => {
    const declared = freeInputs();
    expect(declared.length).toBeGreaterThan(25);
    expect(declared.filter((c) => !(c in INPUT_BOUNDS))).toEqual([]);
    expect(Object.keys(INPUT_BOUNDS).filter((c) => !declared.includes(c))).toEqual([]);
  });

  it('lists every bound in docs/architecture.md "Input bounds"', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/architecture.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Input bounds'));
    expect(section.startsWith('## Input bounds')).toBe(true);
    expect(Object.keys(INPUT_BOUNDS).filter((c) => !section.includes(`\`${c}\``))).toEqual([]);
  });
});

describe('what the bounds refuse', () => {
  const minAmount = bound('TransactionFilter.minAmount');

  it('refuses a 60,000-digit amount (on its length: no pattern or number work)', () => {
    const huge = '9'.repeat(60_000);
    expect(outsideBound(minAmount, huge)).toMatch(/at most 15 digits before the point/);
  });

  it.each([
    ['1'.repeat(MAX_INTEGER_DIGITS), undefined],
    [`${'9'.repeat(MAX_INTEGER_DIGITS)}.${'9'.repeat(MAX_FRACTION_DIGITS)}`, undefined],
    ['0.01', undefined],
    ['1'.repeat(MAX_INTEGER_DIGITS + 1), /digits before the point/],
    [`1.${'0'.repeat(MAX_FRACTION_DIGITS + 1)}`, /after it/],
    ['-1', /negative/],
    ['1e3', /decimal string/],
    ['1.2.3', /decimal string/],
    [' 1', /decimal string/],
    ['١٢', /decimal string/],
    [12.5, /decimal string/],
  ])('decimal %j: %s', (value, why) => {
    const got = outsideBound(minAmount, value);
    if (why === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(why);
  });

  it.each([
    ['coffee', undefined],
    ['Café Zoë', undefined],
    ['x'.repeat(65), /at most 64/],
    ['a\u0000b', /control/],
    ['a\nb', /control/],
    ['a\u202eb', /control/],
    ['a\u2028b', /control/],
  ])('text %j: %s', (value, why) => {
    const got = outsideBound(bound('TransactionFilter.text'), value);
    if (why === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(why);
  });

  it.each([
    ['Query.customer(id:)', 'C-000001', true],
    ['Query.customer(id:)', 'C-000001/../x', false],
    ['Query.customer(id:)', 'C'.repeat(65), false],
    ['TransferInput.idempotencyKey', 'key-0001:a.b_c', true],
    ['TransferInput.idempotencyKey', 'key 0001', false],
    ['TransferDestinationInput.iban', 'DE89 3704 0044 0532 0130 00', true],
    ['TransferDestinationInput.iban', 'DE89-3704', false],
    ['Account.transactions(after:)', 'eyJhIjoiQS0xIn0', true],
    ['Account.transactions(after:)', 'eyJh+IjoiQS0xIn0=', false],
    ['Mutation.respondToOffer(offerId:)', 'cash-back-v1.P-ZIPRIDE:C-000001', true],
    ['MoneyInput.currency', 'EURO', false],
  ])('%s %j inside: %s', (coordinate, value, inside) => {
    expect(outsideBound(bound(coordinate), value) === undefined).toBe(inside);
  });

  it("refuses a transfer amount with the transfer's own code, INVALID_AMOUNT", () => {
    expect(bound('MoneyInput.amount')).toMatchObject({ kind: 'decimal', negative: false, code: 'INVALID_AMOUNT' });
  });
});
