// `npm run codegen`: resolver types from each subgraph's SDL (schema/<name>.graphql) into
// subgraphs/<name>/src/graphql/resolvers-types.generated.ts. `npm run codegen -- --check` (CI)
// fails when one of them is stale: run `npm run codegen` after changing an SDL.
//
// Use: `const typedResolvers = { ... } satisfies Resolvers<Context>`. The context type is a
// parameter (default `unknown`), so each subgraph passes its own; `satisfies` keeps the map's own
// keys, which test/resolver-models.types.ts reads. A field resolver's parent is the GraphQL type,
// or the model MAPPERS below names for it. Every resolver in the map is optional (a field without
// one reads the parent's property). An argument with an SDL default is typed non-null in its
// resolver (`first: Int = 3`), but a client may still send an explicit null: keep the `?? default`.
// No index signature (useIndexSignature is off): a misspelt type or field name in a map is an
// error. The Apollo subgraphs pass their map where GraphQLResolverMap is expected as it is (their
// __resolveReference take (reference, context), which fits its field-resolver shape); partners
// converts once, to mercurius's context type (src/graphql/subgraph.ts).
import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from './gateway/src/config';
import { apiSchemaOf } from './scripts/pq-check';
import type { TypeScriptResolversPluginConfig } from '@graphql-codegen/typescript-resolvers';
import type { TypeScriptPluginConfig } from '@graphql-codegen/typescript';

const SUBGRAPHS = ['accounts', 'loyalty', 'offers', 'partners', 'engagement'] as const;

// What a subgraph's resolvers pass as the parent of a type's fields (and return for it), where
// that is not the GraphQL shape. Paths are relative to the generated file. A field without a
// resolver is read off the model, which codegen does not check: add a line for a new mapper to
// test/resolver-models.types.ts, which does.
const MAPPERS: Record<(typeof SUBGRAPHS)[number], Record<string, string>> = {
  accounts: {
    Account: './mapping#AccountModel',
    Card: './mapping#CardModel',
    LoanDetails: './mapping#LoanModel',
    Statement: './statement-resolvers#StatementModel',
  },
  loyalty: {
    Loyalty: './resolvers#LoyaltyRef',
    CashBack: './resolvers#LoyaltyRef',
    LoyaltyTier: '../domain/tier-standing#TierStanding',
  },
  offers: {
    Offer: '../domain/offer#Offer as OfferModel',
    CashBackActivation: '../domain/activation#Activation',
    ShownOffer: '../db/offer-history#ShownOffer as ShownOfferModel',
    OfferAnswer: '../db/offer-history#OfferAnswer as OfferAnswerModel',
    Partner: './resolvers#PartnerRef',
  },
  partners: {
    Partner: '../domain/catalogue#Partner as PartnerModel',
    Reward: '../domain/catalogue#Reward as RewardModel',
    PartnerConsent: './resolvers#ConsentView',
  },
  engagement: {
    Notification: '../db/message-store#InboxItem',
    NotificationPreferences: '../domain/preferences#Preferences',
    NotificationPreferenceChange: '../domain/preferences#PreferenceAuditEntry',
    NotificationChannelPreference: '../domain/preferences#ChannelPreference',
    Campaign: '../domain/campaign#Campaign as CampaignModel',
    Contact: '../domain/contacts#Contact as ContactModel',
    FeedbackRequest: '../domain/feedback#FeedbackRequest as FeedbackRequestModel',
    SentNotification: '../db/sent-notifications#SentNotification as SentNotificationModel',
    NotificationDelivery: '../db/sent-notifications#ChannelDelivery',
  },
};

const shared: TypeScriptPluginConfig & TypeScriptResolversPluginConfig = {
  // Decimal is a string on the wire and in the code ("1234.50"): money is never a float
  // _FieldSet: the selection of @key(fields: ...), from the federation directives codegen adds
  // ActivityRows: packed rows accounts writes and offers checks as it reads them (schema/accounts.graphql)
  scalars: { ID: 'string', Decimal: 'string', _FieldSet: 'string', ActivityRows: 'unknown' },
  strictScalars: true, // a new scalar in an SDL must be given a type here
  contextType: 'unknown',
  enumsAsTypes: true,
  useTypeImports: true,
  // GraphQL's own __typename is not something a resolver returns
  skipTypename: true,
};

// The web app's typed operations (apps/web/src/operations/*.graphql) against what clients see: the
// supergraph's API schema (no join directives, no @inaccessible parts), as `npm run pq:check`
// validates persisted operations. client-preset writes apps/web/src/gql/: a typed DocumentNode per operation.
const WEB_APP = {
  'apps/web/src/gql/': {
    schema: printSchema(apiSchemaOf(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'))),
    documents: ['apps/web/src/operations/*.graphql'],
    preset: 'client' as const,
    presetConfig: { fragmentMasking: false },
    config: { scalars: { Decimal: 'string' }, strictScalars: true, enumsAsTypes: true, useTypeImports: true, skipTypename: true },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  silent: false,
  generates: Object.fromEntries([
    ...Object.entries(WEB_APP),
    ...SUBGRAPHS.map((name) => [
      `subgraphs/${name}/src/graphql/resolvers-types.generated.ts`,
      {
        schema: `schema/${name}.graphql`,
        plugins: ['typescript', 'typescript-resolvers'],
        // Federation typing (__resolveReference, entity representation types) is Apollo's:
        // `__resolveReference(reference, context, info)`. partners runs on mercurius +
        // @mercuriusjs/federation, which calls it as a field resolver, `(reference, {}, context,
        // info)`, so there the federation types would put `{}` where the context is: partners gets
        // the plain types and types its __resolveReference by hand.
        config: { ...shared, federation: name !== 'partners', mappers: MAPPERS[name] },
      },
    ]),
  ]),
};

export default config;
