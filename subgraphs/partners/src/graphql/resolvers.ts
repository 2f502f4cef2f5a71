// Resolvers of schema/partners.graphql. The catalogue is not personal data: any caller the
// gateway vouches for may read it. Consents are per customer: only the signed-in customer changes
// theirs, Customer.partnerConsents obeys lib/access canReadCustomer, and a partner sees a customer
// only through partnerCustomer, under the consent in force at that moment.
import { canReadCustomer } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { Caller } from '../../../../lib/internal-auth';
import { partnerAppByClientId } from '../db/partner-apps-store';
import { type ConsentScope, type ConsentState, CUSTOMER_ID } from '../domain/consents';
import { PARTNER_ID, REWARD_ID } from '../domain/catalogue';
import type { Partner, PartnerCategory, Reward } from '../domain/catalogue';
import type { PartnersContext } from './context';
import { decimalScalar } from './decimal-scalar';

/** The `id` of an entity representation; anything else is the caller's mistake. */
function representationId(typename: string, ref: unknown): string {
  const id = (ref as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw appError('BAD_USER_INPUT', `a ${typename} representation needs a string id`);
  return id;
}

/** A consent as the GraphQL type PartnerConsent sees it (version 0: never granted). */
interface ConsentView {
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

export const resolvers = {
  Decimal: decimalScalar,
  Query: {
    async partners(_root: unknown, args: { category?: PartnerCategory | null }, ctx: PartnersContext): Promise<Partner[]> {
      const list = await ctx.store.listPartners(args.category ?? undefined);
      // later `_entities` or `Reward.partner` reads in the same request reuse these rows
      for (const p of list) ctx.loaders.partner.prime(p.id, p);
      return list;
    },
    partner(_root: unknown, args: { id: string }, ctx: PartnersContext): Promise<Partner | null> | null {
      // an id of the wrong shape cannot exist: answer like any unknown id, without a query
      return PARTNER_ID.test(args.id) ? ctx.loaders.partner.load(args.id) : null;
    },
    async partnerCustomer(_root: unknown, args: { customerId: string }, ctx: PartnersContext): Promise<CustomerViewParent | null> {
      const partnerId = await callingPartner(ctx);
      if (!CUSTOMER_ID.test(args.customerId)) return null;
      // read from the store on every call: a revocation holds from the partner's next call
      const consent = await ctx.consents.current(args.customerId, partnerId);
      if (!consent || consent.scopes.length === 0) return null;
      return { customerId: args.customerId, scopes: consent.scopes, consentVersion: consent.version };
    },
  },
  Mutation: {
    async grantPartnerConsent(_root: unknown, args: { partnerId: string; scopes: ConsentScope[] }, ctx: PartnersContext): Promise<ConsentView> {
      const customerId = signedInCustomer(ctx.caller);
      if (args.scopes.length === 0) throw appError('BAD_USER_INPUT', 'grant at least one scope');
      if (!PARTNER_ID.test(args.partnerId)) throw partnerNotFound();
      const outcome = await ctx.consents.grant(customerId, args.partnerId, args.scopes);
      if (outcome.kind === 'PARTNER_NOT_FOUND') throw partnerNotFound();
      return consentView(customerId, args.partnerId, outcome.state);
    },
    async revokePartnerConsent(_root: unknown, args: { partnerId: string }, ctx: PartnersContext): Promise<ConsentView> {
      const customerId = signedInCustomer(ctx.caller);
      if (!PARTNER_ID.test(args.partnerId)) throw partnerNotFound();
      const outcome = await ctx.consents.revoke(customerId, args.partnerId);
      if (outcome.kind === 'PARTNER_NOT_FOUND') throw partnerNotFound();
      return consentView(customerId, args.partnerId, outcome.state);
    },
  },
  Customer: {
    __resolveReference(ref: unknown): { id: string } {
      return { id: representationId('Customer', ref) };
    },
    async partnerConsents(customer: { id: string }, _args: unknown, ctx: PartnersContext): Promise<ConsentView[] | null> {
      // another customer's consents answer like none at all
      if (!canReadCustomer(ctx.caller, customer.id)) return null;
      const states = await ctx.consents.ofCustomer(customer.id);
      return states.map((s) => consentView(customer.id, s.partnerId, s));
    },
  },
  PartnerConsent: {
    async partner(c: ConsentView, _args: unknown, ctx: PartnersContext): Promise<Partner> {
      const partner = await ctx.loaders.partner.load(c.partnerId);
      if (!partner) throw new Error(`consent names missing partner ${c.partnerId}`);
      return partner;
    },
    active: (c: ConsentView) => c.scopes.length > 0,
    history: (c: ConsentView, _args: unknown, ctx: PartnersContext) =>
      c.version === 0 ? [] : ctx.consentHistory.load({ customerId: c.customerId, partnerId: c.partnerId }),
  },
  PartnerCustomerView: {
    firstName: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.firstName ?? null),
    displayName: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.displayName ?? null),
    customerSince: underScope('PROFILE_BASIC', async (v, ctx) => (await ctx.facts.profile(v.customerId))?.customerSince ?? null),
    loyaltyTier: underScope('LOYALTY_TIER', (v, ctx) => ctx.facts.loyaltyTier(v.customerId)),
    topSpendCategories: underScope('SPEND_CATEGORIES', (v, ctx) => ctx.facts.topSpendCategories(v.customerId)),
  },
  Partner: {
    __resolveReference(ref: unknown, _args: unknown, ctx: PartnersContext): Promise<Partner | null> | null {
      const id = representationId('Partner', ref);
      return PARTNER_ID.test(id) ? ctx.loaders.partner.load(id) : null;
    },
    merchantIds: (p: Partner, _args: unknown, ctx: PartnersContext) => ctx.loaders.merchantIds.load(p.id),
    rewards: (p: Partner, _args: unknown, ctx: PartnersContext) => ctx.loaders.rewardsOfPartner.load(p.id),
  },
  Reward: {
    __resolveReference(ref: unknown, _args: unknown, ctx: PartnersContext): Promise<Reward | null> | null {
      const id = representationId('Reward', ref);
      return REWARD_ID.test(id) ? ctx.loaders.reward.load(id) : null;
    },
    async partner(r: Reward, _args: unknown, ctx: PartnersContext): Promise<Partner> {
      const partner = await ctx.loaders.partner.load(r.partnerId);
      // the foreign key makes this impossible; if it happens, it is ours to fix, and masked
      if (!partner) throw new Error(`reward ${r.id} names missing partner ${r.partnerId}`);
      return partner;
    },
  },
};
