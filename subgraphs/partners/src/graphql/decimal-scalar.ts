// `scalar Decimal` for mercurius, which takes a scalar's functions as a plain object.
import { Kind, type ValueNode } from 'graphql';

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function decimalText(value: unknown): string {
  // a JS number here would mean a figure went through a float somewhere: refuse, do not round
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) throw new TypeError('Decimal must be a decimal string such as "12.50"');
  return value;
}

export const decimalScalar = {
  serialize: decimalText,
  parseValue: decimalText,
  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new TypeError('Decimal literals are strings such as "12.50"');
    return decimalText(ast.value);
  },
};
