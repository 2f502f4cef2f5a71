// The dated FX reference table spending converts with (subgraphs/accounts/data/
// fx-reference-rates.json), read and checked once per process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkRateTable, type RateTable } from '../domain/fx';

export const RATES_FILE = path.join(__dirname, '..', '..', 'data', 'fx-reference-rates.json');

let table: RateTable | undefined;

export function referenceRates(): RateTable {
  table ??= checkRateTable(JSON.parse(readFileSync(RATES_FILE, 'utf8')) as RateTable);
  return table;
}
