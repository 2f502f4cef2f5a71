import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canReadCustomer } from '../../../lib/access';
import type { OffersContext } from './context';
import { fromCore } from '../../../legacy-adapters/soap/src';
import { channelHasOffers, nextBestOffers, Offer, OfferChannel } from './engine';
import { signalsFrom } from './signals';
import { checkFirst, effectiveChannel } from './arguments';

interface CustomerRef {
  id: string;
}

export const resolvers: GraphQLResolverMap<OffersContext> = {
  Customer: {
    // another customer's id answers as if it did not exist, through `_entities` too
    __resolveReference: (ref: CustomerRef, ctx: OffersContext) => (canReadCustomer(ctx.caller, ref.id) ? { id: ref.id } : null),
    offers: async (
      c: CustomerRef,
      args: { channel?: OfferChannel | null; first?: number | null },
      ctx: OffersContext,
    ): Promise<Offer[] | null> => {
      if (!canReadCustomer(ctx.caller, c.id)) return null;
      const first = checkFirst(args.first);
      const channel = effectiveChannel(ctx.caller, args.channel);
      // every core call counts: none when nothing could be offered anyway
      if (!channelHasOffers(channel)) return [];
      const customer = await fromCore(ctx.core.customer.load(c.id));
      if (!customer.marketingConsent) return [];
      const accounts = await fromCore(ctx.core.accountsOfCustomer.load(c.id));
      return nextBestOffers(signalsFrom(customer, accounts, channel, ctx.now.toISOString().slice(0, 10)), first);
    },
  },
};
