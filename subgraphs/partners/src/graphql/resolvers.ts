// Resolvers of schema/partners.graphql. The catalogue is not personal data: any caller the
// gateway vouches for may read it. Consents are per customer: only the signed-in customer changes
// theirs, Customer.partnerConsents obeys lib/access canReadCustomer, and a partner sees a customer
// only through partnerCustomer, under the consent in force at that moment.
import type { GraphQLResolveInfo } from 'graphql';
import { canReadCustomer } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { Caller } from '../../../../lib/internal-auth';
import { partnerAppByClientId } from '../db/partner-apps-store';
import { type ConsentScope, type ConsentState, CUSTOMER_ID } from '../domain/consents';
import { PARTNER_ID, REWARD_ID } from '../domain/catalogue';
import type { PartnersContext } from './context';
import { DecimalScalar } from '../../../../lib/decimal-scalar';
import type { Resolvers, ResolversParentTypes } from './resolvers-types.generated';

/** The `id` of an entity representation; anything else is the caller's mistake. */
function representationId(typename: string, ref: unknown): string {
  const id = (ref as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw appError('BAD_USER_INPUT', `a ${typename} representation needs a string id`);
  return id;
}

/** A consent as the GraphQL type PartnerConsent sees it (version 0: never granted). */
export interface ConsentView {
  customerId: string;
  partnerId: string;
  scopes: ConsentScope[];
  version: number;
  updatedAt: string | null;
}

function consentView(customerId: string, partnerId: string, state: ConsentState | null): ConsentView {
  return state ? { ...state } : { customerId, partnerId, scopes: [], version: 0, updatedAt: null };
}

interface CustomerViewParent {
  customerId: string;
  scopes: ConsentScope[];
  consentVersion: number;
}

/** The customer a consent change is for: only customers themselves, never staff, partners or services. */
function signedInCustomer(caller: Caller): string {
  if (!caller.customerId || caller.channel === 'partner' || caller.channel === 'service' || caller.channel === 'staff') {
    throw appError('FORBIDDEN', 'only a signed-in customer can change their partner consents');
  }
  return caller.customerId;
}

/** The partner a partner app acts for, checked against the registry of partner apps. */
async function callingPartner(ctx: PartnersContext): Promise<string> {
  const { channel, partnerId, clientName } = ctx.caller;
  if (channel !== 'partner' || !partnerId || !clientName) throw appError('FORBIDDEN', 'partner apps only');
  const app = await partnerAppByClientId(ctx.db, clientName);
  if (!app || app.partnerId !== partnerId) throw appError('FORBIDDEN', 'this client is not registered for this partner');
  return partnerId;
}

function partnerNotFound(): Error {
  return appError('PARTNER_NOT_FOUND', 'there is no partner with this id');
}

/** A field under one scope: its value only when the consent covers it, else null like absent data. */
function underScope<T>(scope: ConsentScope, read: (view: CustomerViewParent, ctx: PartnersContext) => Promise<T | null>) {
  return (view: CustomerViewParent, _args: unknown, ctx: PartnersContext): Promise<T | null> | null => (view.scopes.includes(scope) ? read(view, ctx) : null);
}

/**
 * __resolveReference as @mercuriusjs/federation calls it: like a field resolver, (reference, {},
 * context, info), where codegen's federation types expect Apollo's (reference, context, info); so
 * partners' types are generated without federation and these are typed here. The reference is the
 * representation the gateway sent, unchecked. The result is the parent of the entity's fields.
 */
type ReferenceResolver<TypeName extends keyof ResolversParentTypes> = (
  reference: unknown,
  args: Record<string, never>,
  context: PartnersContext,
  info: GraphQLResolveInfo,
) => ResolversParentTypes[TypeName] | null | Promise<ResolversParentTypes[TypeName] | null>;

/** The generated resolver map, plus the entities' __resolveReference. */
type PartnersResolvers = Resolvers<PartnersContext> & {
  Customer?: { __resolveReference?: ReferenceResolver<'Customer'> };
  Partner?: { __resolveReference?: ReferenceResolver<'Partner'> };
  Reward?: { __resolveReference?: ReferenceResolver<'Reward'> };
};

export const resolvers = {
  Decimal: DecimalScalar,
  Query: {
    async partners(_root, args, ctx) {
      const list = await ctx.store.listPartners(args.category ?? undefined);
      // later `_entities` or `Reward.partner` reads in the same request reuse these rows
      for (const p of list) ctx.loaders.partner.prime(p.id, p);
      return list;
    },
    partner(_root, args, ctx) {
      // an id of the wrong shape cannot exist: answer like any unknown id, without a query
      return PARTNER_ID.test(args.id) ? ctx.loaders.partner.load(args.id) : null;
    },
    async partnerCustomer(_root, args, ctx) {
      const partnerId = await callingPartner(ctx);
      if (!CUSTOMER_ID.test(args.customerId)) return null;
      // read from the store on every call: a revocation holds from the partner's next call
      const consent = await ctx.consents.current(args.customerId, partnerId);
      if (!consent || consent.scopes.length === 0) return null;
      return { customerId: args.customerId, scopes: consent.scopes, consentVersion: consent.version };
    },
  },
  Mutation: {
    async grantPartnerConsent(_root, args, ctx) {
      const customerId = signedInCustomer(ctx.caller);
      if (args.scopes.length === 0) throw appError('BAD_USER_INPUT', 'grant at least one scope');
      if (!PARTNER_ID.test(args.partnerId)) throw partnerNotFound();
      const outcome = await ctx.consents.grant(customerId, args.partnerId, args.scopes);
      if (outcome.kind === 'PARTNER_NOT_FOUND') throw partnerNotFound();
      return consentView(customerId, args.partnerId, outcome.state);
    },
    async revokePartnerConsent(_root, args, ctx) {
      const customerId = signedInCustomer(ctx.caller);
      if (!PARTNER_ID.test(args.partnerId)) throw partnerNotFound();
      const outcome = await ctx.consents.revoke(customerId, args.partnerId);
      if (outcome.kind === 'PARTNER_NOT_FOUND') throw partnerNotFound();
      return consentView(customerId, args.partnerId, outcome.state);
    },
  },
  Customer: {
    __resolveReference(ref) {
      return { id: representationId('Customer', ref) };
    },
    async partnerConsents(customer, _args, ctx) {
      // another customer's consents answer like none at all
      if (!canReadCustomer(ctx.caller, customer.id)) return null;
      const states = await ctx.consents.ofCustomer(customer.id);
      return states.map((s) => consentView(customer.id, s.partnerId, s));
    },
  },
  PartnerConsent: {
    async partner(c, _args, ctx) {
      const partner = await ctx.loaders.partner.load(c.partnerId);
      if (!partner) throw new Error(`consent names missing partner ${c.partnerId}`);
      return partner;
    },
    active: (c) => c.scopes.length > 0,
    history: (c, _args, ctx) => (c.version === 0 ? [] : ctx.consentHistory.load({ customerId: c.customerId, partnerId: c.partnerId })),
  },
  PartnerCustomerView: {
    firstName: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.firstName ?? null),
    displayName: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.displayName ?? null),
    customerSince: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.customerSince ?? null),
    loyaltyTier: underScope('LOYALTY_TIER', (v, ctx) => ctx.facts.loyaltyTier(v.customerId)),
    topSpendCategories: underScope('SPEND_CATEGORIES', (v, ctx) => ctx.facts.topSpendCategories(v.customerId)),
  },
  Partner: {
    __resolveReference(ref, _args, ctx) {
      const id = representationId('Partner', ref);
      return PARTNER_ID.test(id) ? ctx.loaders.partner.load(id) : null;
    },
    merchantIds: (p, _args, ctx) => ctx.loaders.merchantIds.load(p.id),
    rewards: (p, _args, ctx) => ctx.loaders.rewardsOfPartner.load(p.id),
  },
  Reward: {
    __resolveReference(ref, _args, ctx) {
      const id = representationId('Reward', ref);
      return REWARD_ID.test(id) ? ctx.loaders.reward.load(id) : null;
    },
    async partner(r, _args, ctx) {
      const partner = await ctx.loaders.partner.load(r.partnerId);
      // the foreign key makes this impossible; if it happens, it is ours to fix, and masked
      if (!partner) throw new Error(`reward ${r.id} names missing partner ${r.partnerId}`);
      return partner;
    },
  },
} satisfies PartnersResolvers;
