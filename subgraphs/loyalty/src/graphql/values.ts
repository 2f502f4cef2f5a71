// Ledger figures -> GraphQL values. Money leaves as a decimal string with the currency's decimals;
// points leave as Int only while they fit one.
import { money, toGraphQL } from '../../../../lib/money';

const MAX_INT = 2n ** 31n - 1n;

export function moneyValue(minor: bigint, currency: string): { amount: string; currency: string } {
  return toGraphQL(money(minor, currency));
}

export function pointsValue(points: bigint): number {
  if (points < 0n || points > MAX_INT) throw new Error('points balance outside the Int range');
  return Number(points);
}
