// Ledger figures -> GraphQL values. Money leaves as a decimal string with the currency's decimals;
// points leave as Int only while they fit one.
import { GraphQLScalarType, Kind } from 'graphql';
import { money, toGraphQL } from '../../../../lib/money';

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const MAX_INT = 2n ** 31n - 1n;

export function moneyValue(minor: bigint, currency: string): { amount: string; currency: string } {
  return toGraphQL(money(minor, currency));
}

export function pointsValue(points: bigint): number {
  if (points < 0n || points > MAX_INT) throw new Error('points balance outside the Int range');
  return Number(points);
}

function decimalText(value: unknown): string {
  // a JS number here would mean money went through a float somewhere: refuse, do not round
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) throw new TypeError('Decimal must be a decimal string such as "12.50"');
  return value;
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal number carried as a string ("1234.50"): money is never a float.',
  serialize: decimalText,
  parseValue: decimalText,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('Decimal literals are strings such as "12.50"');
    return decimalText(ast.value);
  },
});
