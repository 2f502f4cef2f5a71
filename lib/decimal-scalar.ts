// `scalar Decimal` of the subgraphs' SDLs: a decimal number carried as a string. Under mercurius
// (partners) this scalar's own properties, description included, are copied onto the schema's
// Decimal, so the description repeats the SDL's (subgraphs/partners/test/decimal-scalar.test.ts checks).
import { GraphQLScalarType, Kind } from 'graphql';

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

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
