// Resolvers of schema/partners.graphql. The catalogue is not personal data: any caller the
// gateway vouches for may read it, so there is no object-level check here (partner consents,
// which are per customer, will need lib/access).
import { appError } from '../../../../lib/errors';
import type { Partner, PartnerCategory, Reward } from '../catalogue/types';
import type { PartnersContext } from './context';
import { decimalScalar } from './decimal-scalar';

const PARTNER_ID = /^P-[A-Z0-9-]{1,40}$/;
const REWARD_ID = /^R-[A-Z0-9-]{1,40}$/;

/** The `id` of an entity representation; anything else is the caller's mistake. */
function representationId(typename: string, ref: unknown): string {
  const id = (ref as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw appError('BAD_USER_INPUT', `a ${typename} representation needs a string id`);
  return id;
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
