// Card-feed messages for whole-stack tests, as the card switch sends them (core-simulator/src/card-switch).
import type { IsoMessage } from '../../legacy-adapters/iso8583/src';
import { asciiName, transmissionOf } from '../../core-simulator/src/card-switch/traffic';

/** A financial advice (0220) for a 42.50 EUR grocery purchase on `pan`; `stan` keeps each test's messages apart. */
export function purchaseAdvice(pan: string, stan: number): IsoMessage {
  return {
    mti: '0220',
    fields: new Map<number, string>([
      [2, pan],
      [3, '000000'],
      [4, '000000004250'],
      [7, transmissionOf(new Date())],
      [11, String(stan)],
      [18, '5411'],
      [32, '400777'],
      [37, `TESTRR${String(stan).padStart(6, '0')}`],
      [42, 'GROCER-TESTS   '],
      [43, asciiName('Test Grocer')],
      [49, '978'],
    ]),
  };
}
