// Every refusal code the transfer and redeemPoints mutations list in their SDL descriptions has a
// message in both languages: a code added to the schema without one fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_REGISTRY } from '../../../lib/error-codes';
import { en, fa, refusals } from '../src/messages';
import { RETRYABLE_CODES } from '../src/retryable';

const SDL = readFileSync(join(__dirname, '../../../schema/accounts.graphql'), 'utf8');

describe('web app messages', () => {
  it('has a message for every code the transfer mutation can refuse with, in English and Persian', () => {
    const description = /"""([^]*?)"""\s*transfer\(/.exec(SDL)?.[1] ?? '';
    const codes = [...description.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)].map((m) => m[0]).filter((c) => c.includes('_') || c === 'FORBIDDEN');
    expect(codes).toEqual(expect.arrayContaining(['INSUFFICIENT_FUNDS', 'INVALID_IBAN', 'IDEMPOTENCY_KEY_REUSED']));
    for (const code of codes) {
      expect([code, refusals.en[code]]).toEqual([code, expect.any(String)]);
      expect([code, refusals.fa[code]]).toEqual([code, expect.any(String)]);
    }
  });

  it('has a message for every code a points redemption can refuse with, in English and Persian', () => {
    const loyalty = readFileSync(join(__dirname, '../../../schema/loyalty.graphql'), 'utf8');
    // the docstring right above the field: no other docstring inside it
    const description = /"""((?:(?!""")[^])*)"""\s*redeemPoints\(/.exec(loyalty)?.[1] ?? '';
    const codes = [...description.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)].map((m) => m[0]).filter((c) => c.includes('_'));
    expect(codes).toEqual(expect.arrayContaining(['INSUFFICIENT_POINTS', 'PRICE_ABOVE_LIMIT', 'REDEMPTION_IN_PROGRESS']));
    for (const code of codes) {
      expect([code, refusals.en[code]]).toEqual([code, expect.any(String)]);
      expect([code, refusals.fa[code]]).toEqual([code, expect.any(String)]);
    }
  });

  it('retries exactly the codes the registry calls retryable (plus NETWORK), each with a message in both languages', () => {
    // a code the registry marks retryable that the app treated as final would leave a customer
    // with no Retry: editing the form makes a new attempt, and a timed-out transfer could be made twice
    const registry = ERROR_REGISTRY.filter((e) => e.retryable).map((e) => e.code);
    expect([...RETRYABLE_CODES].sort()).toEqual([...registry, 'NETWORK'].sort());
    expect(RETRYABLE_CODES).toContain('CORE_TIMEOUT');
    for (const code of RETRYABLE_CODES) {
      expect([code, refusals.en[code]]).toEqual([code, expect.any(String)]);
      expect([code, refusals.fa[code]]).toEqual([code, expect.any(String)]);
    }
  });

  it('has every English word in Persian', () => {
    expect(Object.keys(fa).sort()).toEqual(Object.keys(en).sort());
  });
});
