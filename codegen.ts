// `npm run codegen`: resolver types from each subgraph's SDL (schema/<name>.graphql) into
// subgraphs/<name>/src/graphql/resolvers-types.generated.ts. `npm run codegen -- --check` (CI)
// fails when one of them is stale: run `npm run codegen` after changing an SDL.
//
// Use: `const resolvers: Resolvers<Context> = { ... }`. The context type is a parameter (default
// `unknown`), so each subgraph passes its own. A field resolver's parent is the GraphQL type; where
// a subgraph's resolvers pass domain objects between them (offers: Offer, Activation), give that
// subgraph `mappers: { Offer: '../domain/offer#Offer as OfferModel', ... }` here.
// Every resolver in the map is optional (a field without one reads the parent's property), and an
// argument with an SDL default is never undefined in its resolver (`first: Int = 3`).
// useIndexSignature lets the map pass where Apollo's GraphQLResolverMap is expected; the price is
// that a misspelt type or field name in the map is not reported.
import type { CodegenConfig } from '@graphql-codegen/cli';
import type { TypeScriptResolversPluginConfig } from '@graphql-codegen/typescript-resolvers';
import type { TypeScriptPluginConfig } from '@graphql-codegen/typescript';

const SUBGRAPHS = ['accounts', 'loyalty', 'offers', 'partners'] as const;

const shared: TypeScriptPluginConfig & TypeScriptResolversPluginConfig = {
  // Decimal is a string on the wire and in the code ("1234.50"): money is never a float
  // _FieldSet: the selection of @key(fields: ...), from the federation directives codegen adds
  scalars: { ID: 'string', Decimal: 'string', _FieldSet: 'string' },
  strictScalars: true, // a new scalar in an SDL must be given a type here
  contextType: 'unknown',
  enumsAsTypes: true,
  useIndexSignature: true,
  useTypeImports: true,
  // GraphQL's own __typename is not something a resolver returns
  skipTypename: true,
};

const config: CodegenConfig = {
  overwrite: true,
  silent: false,
  generates: Object.fromEntries(
    SUBGRAPHS.map((name) => [
      `subgraphs/${name}/src/graphql/resolvers-types.generated.ts`,
      {
        schema: `schema/${name}.graphql`,
        plugins: ['typescript', 'typescript-resolvers'],
        // Federation typing (__resolveReference, entity representation types) is Apollo's:
        // `__resolveReference(reference, context, info)`. partners runs on mercurius +
        // @mercuriusjs/federation, which calls it as a field resolver, `(reference, {}, context,
        // info)`, so there the federation types would put `{}` where the context is: partners gets
        // the plain types and types its __resolveReference by hand.
        config: { ...shared, federation: name !== 'partners' },
      },
    ]),
  ),
};

export default config;
