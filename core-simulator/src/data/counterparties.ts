// People and companies outside the bank that money moves to and from, with valid foreign IBANs.
import { Rng, hash2, tagHash } from '../prng';
import { makeIban } from './iban';
import { nth } from './nth';
import { EMPLOYERS, FIRST_NAMES, LANDLORDS, LAST_NAMES } from './reference';

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.below(10));
  return s;
}

function letters(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(65 + rng.below(26));
  return s;
}

/** A valid IBAN at another bank in one of a few SEPA countries (national formats respected). */
export function externalIban(rng: Rng): string {
  switch (rng.below(7)) {
    case 0:
      return makeIban('NL', letters(rng, 4) + digits(rng, 10));
    case 1:
      return makeIban('AT', digits(rng, 16));
    case 2:
      return makeIban('FR', digits(rng, 23));
    case 3:
      return makeIban('ES', digits(rng, 20));
    default:
      // other German banks; never this bank's code (see reference.ts BANK_CODE)
      return makeIban('DE', `${rng.int(2000, 8999)}0${rng.int(100, 999)}` + digits(rng, 10));
  }
}

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** Stable IBAN of a named company (employer, landlord): the same name always pays from it. */
export function companyIban(kind: 'employer' | 'landlord', index: number): string {
  return externalIban(new Rng(hash2(tagHash(kind), index)));
}

export const employerName = (i: number): string => nth(EMPLOYERS, i % EMPLOYERS.length, 'employer');
export const landlordName = (i: number): string => nth(LANDLORDS, i % LANDLORDS.length, 'landlord');
