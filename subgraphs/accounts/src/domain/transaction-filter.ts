// The transaction filter a customer may ask for, checked and turned into the core's query fields.
// Every filter is pushed to the core (QueryTransactions v1.1), so a page costs one query in the
// tick's one QueryTransactions call whatever the filter.
import { createHash } from 'node:crypto';
import { appError } from '../../../../lib/errors';
import { mccsOfCategory, isCategory } from '../../../../lib/mcc-categories';
import { MoneyError, parseDecimal, formatMinor } from '../../../../lib/money';
import type { TransactionPageQuery } from '../../../../legacy-adapters/soap/src';
import { parseDay } from './period';

export interface TransactionFilterInput {
  from?: string | null;
  to?: string | null;
  direction?: 'DEBIT' | 'CREDIT' | null;
  category?: string | null;
  minAmount?: string | null;
  maxAmount?: string | null;
  text?: string | null;
}

type CoreFilter = Omit<TransactionPageQuery, 'accountId' | 'pageSize' | 'afterKey'>;

const badFilter = (field: string, message: string) => appError('BAD_USER_INPUT', message, { argumentName: `filter.${field}` });

function amountBound(field: 'minAmount' | 'maxAmount', value: string | null | undefined, currency: string): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw badFilter(field, `${field} must be a decimal string.`);
  try {
    const m = parseDecimal(value, currency).minor;
    if (m < 0n) throw badFilter(field, `${field} must not be negative (amounts are positive; use direction).`);
    return m;
  } catch (err) {
    if (err instanceof MoneyError) throw badFilter(field, `${field} is not an amount in ${currency}.`);
    throw err;
  }
}

/** The filter as the core's query fields; refuses nonsense with BAD_USER_INPUT before any call. */
export function coreFilter(filter: TransactionFilterInput | null | undefined, currency: string): CoreFilter {
  const out: CoreFilter = {};
  if (!filter) return out;
  const from = filter.from == null ? undefined : parseDay(filter.from);
  const to = filter.to == null ? undefined : parseDay(filter.to);
  if (filter.from != null && from === undefined) throw badFilter('from', 'from must be a date YYYY-MM-DD.');
  if (filter.to != null && to === undefined) throw badFilter('to', 'to must be a date YYYY-MM-DD.');
  if (from !== undefined && to !== undefined && from > to) throw badFilter('from', 'from is after to.');
  if (from !== undefined) out.fromDate = from;
  if (to !== undefined) out.toDate = to;
  if (filter.direction) out.direction = filter.direction;
  if (filter.category) {
    if (!isCategory(filter.category)) throw badFilter('category', 'Unknown category.');
    out.mccs = mccsOfCategory(filter.category);
  }
  const min = amountBound('minAmount', filter.minAmount, currency);
  const max = amountBound('maxAmount', filter.maxAmount, currency);
  if (min !== undefined && max !== undefined && min > max) throw badFilter('minAmount', 'minAmount is above maxAmount.');
  if (min !== undefined) out.minAmount = formatMinor(min, currency);
  if (max !== undefined) out.maxAmount = formatMinor(max, currency);
  if (filter.text != null) {
    const text = String(filter.text).trim();
    if (text.length < 2 || text.length > 64) throw badFilter('text', 'text must be 2 to 64 characters.');
    out.text = text;
  }
  return out;
}

/** Short fingerprint of a filter, carried in cursors so a cursor only continues its own listing. */
export function filterKey(f: CoreFilter): string | undefined {
  const parts = [f.fromDate, f.toDate, f.direction, f.minAmount, f.maxAmount, f.mccs?.join(','), f.text?.toLowerCase()];
  if (parts.every((p) => p === undefined)) return undefined;
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}
