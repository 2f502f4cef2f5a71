// Type-level check, run by tsc (`npm run typecheck`), not by jest. Where codegen.ts maps a GraphQL
// type to a model (`mappers`), a field without a resolver is read off the model by the default
// resolver, and the generated types do not check that the model has it. This does: a model that
// loses or retypes such a field, or an SDL field added with neither a resolver nor a model
// property, fails tsc here. One line per mapper in codegen.ts.
import type { createResolvers } from '../subgraphs/accounts/src/graphql/resolvers';
import type { createStatementResolvers } from '../subgraphs/accounts/src/graphql/statement-resolvers';
import type * as Accounts from '../subgraphs/accounts/src/graphql/resolvers-types.generated';
import type { AccountModel, CardModel, LoanModel } from '../subgraphs/accounts/src/graphql/mapping';
import type { StatementModel } from '../subgraphs/accounts/src/graphql/statement-resolvers';
import type { LoyaltyRef, typedResolvers as loyaltyResolvers } from '../subgraphs/loyalty/src/graphql/resolvers';
import type * as Loyalty from '../subgraphs/loyalty/src/graphql/resolvers-types.generated';
import type { TierStanding } from '../subgraphs/loyalty/src/domain/tier-standing';
import type { ProvidedPartner, typedResolvers as offersResolvers } from '../subgraphs/offers/src/graphql/resolvers';
import type * as Offers from '../subgraphs/offers/src/graphql/resolvers-types.generated';
import type { Offer as OfferModel } from '../subgraphs/offers/src/domain/offer';
import type { Activation } from '../subgraphs/offers/src/domain/activation';
import type { ConsentView, resolvers as partnersResolvers } from '../subgraphs/partners/src/graphql/resolvers';
import type * as Partners from '../subgraphs/partners/src/graphql/resolvers-types.generated';
import type { Partner as PartnerModel, Reward as RewardModel } from '../subgraphs/partners/src/domain/catalogue';

/** Compiles only when `Model` has every field of `GraphQLType` that `Entry` (a type's resolvers) leaves to the default resolver. */
type ReadOffModel<Model extends Omit<GraphQLType, keyof Entry>, GraphQLType, Entry> = Model;

type AccountsMap = ReturnType<typeof createResolvers>;
type StatementsMap = ReturnType<typeof createStatementResolvers>;

export type MapperModels = [
  ReadOffModel<AccountModel, Accounts.Account, AccountsMap['Account'] & StatementsMap['Account']>,
  ReadOffModel<CardModel, Accounts.Card, AccountsMap['Card']>,
  ReadOffModel<LoanModel, Accounts.LoanDetails, AccountsMap['LoanDetails']>,
  ReadOffModel<StatementModel, Accounts.Statement, StatementsMap['Statement']>,
  ReadOffModel<LoyaltyRef, Loyalty.Loyalty, (typeof loyaltyResolvers)['Loyalty']>,
  ReadOffModel<LoyaltyRef, Loyalty.CashBack, (typeof loyaltyResolvers)['CashBack']>,
  ReadOffModel<TierStanding, Loyalty.LoyaltyTier, (typeof loyaltyResolvers)['LoyaltyTier']>,
  ReadOffModel<OfferModel, Offers.Offer, (typeof offersResolvers)['Offer']>,
  ReadOffModel<Activation, Offers.CashBackActivation, (typeof offersResolvers)['CashBackActivation']>,
  // offers' Partner has no resolvers (partners' entity): what Offer.partner provides must hold every field
  ReadOffModel<ProvidedPartner, Offers.Partner, object>,
  ReadOffModel<PartnerModel, Partners.Partner, (typeof partnersResolvers)['Partner']>,
  ReadOffModel<RewardModel, Partners.Reward, (typeof partnersResolvers)['Reward']>,
  ReadOffModel<ConsentView, Partners.PartnerConsent, (typeof partnersResolvers)['PartnerConsent']>,
];
