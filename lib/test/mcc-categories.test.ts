import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, CATEGORY_LABELS, MCC_RULES, categoryOfMcc, describeMcc, isCategory, mccCodes, mccsOfCategory, parseMccCsv } from '../mcc-categories';

describe('MCC categories', () => {
  it('loads all 981 codes of the copied public-domain list, with its licence next to it', () => {
    expect(mccCodes().size).toBe(981);
    const dir = path.join(__dirname, '..', '..', 'subgraphs', 'accounts', 'data');
    expect(readFileSync(path.join(dir, 'LICENSE.txt'), 'utf8')).toMatch(/public domain/);
    expect(describeMcc('5411')).toBe('Grocery Stores, Supermarkets');
    expect(describeMcc(742)).toBe('Veterinary Services');
    expect(describeMcc('0000')).toBeNull();
  });

  it('has about fifteen everyday categories, each labelled', () => {
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(12);
    expect(CATEGORIES.length).toBeLessThanOrEqual(18);
    for (const c of CATEGORIES) expect(CATEGORY_LABELS[c]).toEqual(expect.any(String));
    for (const [from, to, c] of MCC_RULES) {
      expect(from).toBeLessThanOrEqual(to);
      expect(isCategory(c)).toBe(true);
    }
  });

  it.each([
    ['5411', 'GROCERIES'],
    ['5462', 'GROCERIES'],
    ['5499', 'GROCERIES'],
    ['5812', 'EATING_OUT'],
    ['5814', 'EATING_OUT'],
    ['5813', 'EATING_OUT'],
    ['4111', 'TRANSPORT'],
    ['4121', 'TRANSPORT'],
    ['4784', 'TRANSPORT'],
    ['7523', 'TRANSPORT'],
    ['3000', 'TRAVEL'],
    ['3400', 'TRAVEL'],
    ['3700', 'TRAVEL'],
    ['4511', 'TRAVEL'],
    ['4722', 'TRAVEL'],
    ['7011', 'TRAVEL'],
    ['7512', 'TRAVEL'],
    ['5541', 'FUEL'],
    ['5542', 'FUEL'],
    ['5983', 'FUEL'],
    ['5511', 'VEHICLE'],
    ['7538', 'VEHICLE'],
    ['5311', 'SHOPPING'],
    ['5651', 'SHOPPING'],
    ['5999', 'SHOPPING'],
    ['5732', 'SHOPPING'],
    ['5942', 'SHOPPING'],
    ['5200', 'HOME'],
    ['5712', 'HOME'],
    ['1520', 'HOME'],
    ['7832', 'ENTERTAINMENT'],
    ['7991', 'ENTERTAINMENT'],
    ['5816', 'ENTERTAINMENT'],
    ['5912', 'HEALTH'],
    ['8011', 'HEALTH'],
    ['0742', 'HEALTH'],
    ['7230', 'PERSONAL_CARE'],
    ['5977', 'PERSONAL_CARE'],
    ['4900', 'UTILITIES'],
    ['4814', 'UTILITIES'],
    ['8220', 'EDUCATION'],
    ['8351', 'EDUCATION'],
    ['6011', 'FINANCIAL'],
    ['6300', 'FINANCIAL'],
    ['9311', 'GOVERNMENT'],
    ['9222', 'GOVERNMENT'],
    ['7399', 'OTHER'],
    ['8398', 'OTHER'],
  ])('%s is %s', (mcc, category) => {
    expect(categoryOfMcc(mcc)).toBe(category);
  });

  it('accepts numbers and unpadded codes, and calls malformed or missing codes OTHER', () => {
    expect(categoryOfMcc(742)).toBe('HEALTH');
    expect(categoryOfMcc('742')).toBe('HEALTH');
    expect(categoryOfMcc(5411)).toBe('GROCERIES');
    for (const bad of ['', 'abcd', '12345', '-1', null, undefined]) expect(categoryOfMcc(bad)).toBe('OTHER');
  });

  it('puts every listed code in exactly one category and most of them in a real one', () => {
    const all = [...mccCodes().values()];
    const byCategory = CATEGORIES.map((c) => mccsOfCategory(c).length);
    expect(byCategory.reduce((a, b) => a + b, 0)).toBe(981);
    const other = all.filter((c) => c.category === 'OTHER').length;
    expect(other).toBeLessThan(50);
    for (const c of CATEGORIES) if (c !== 'OTHER') expect(mccsOfCategory(c).length).toBeGreaterThan(0);
  });

  it('parses quoted CSV fields with commas and escaped quotes', () => {
    const m = parseMccCsv('mcc,edited_description\n0780,"Horticultural, ""Landscaping"""\n');
    expect(m.get('0780')).toEqual({ mcc: '0780', description: 'Horticultural, "Landscaping"', category: 'HOME' });
  });
});
