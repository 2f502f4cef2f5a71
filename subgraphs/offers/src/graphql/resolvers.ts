import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canReadCustomer, isStaffWith, STAFF_READ_SCOPE } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { OffersContext } from './context';
import { channelHasOffers, nextBestOffers } from '../domain/engine';
import { signalsFrom } from '../domain/signals';
import { loadCoreSignalData } from '../adapters/core-signals';
import { signalDataFromActivity } from '../adapters/recent-activity';
import { checkFirst, checkHistoryFirst, checkOfferId, effectiveChannel } from './arguments';
import type { RecordedResponse } from '../db/offers-store';
import type { Activation } from '../domain/activation';
import type { Resolvers } from './resolvers-types.generated';

/** How long respondToOffer waits for loyalty before answering PENDING (delivery carries on). */
const ACTIVATION_WAIT_MS = 1500;

/** Channels a customer answers offers through; partner apps and staff do not answer for them. */
const RESPONDING_CHANNELS = new Set(['web', 'mobile', 'kiosk']);

/** The partner as offers refers to it (Partner is partners' entity): `name` only where Offer.partner provides it. */
export interface PartnerRef {
  id: string;
  name?: string;
}
/** What Offer.partner gives the gateway, @provides(fields: "name"). */
export type ProvidedPartner = Required<PartnerRef>;

const partnerRef = (id: string): PartnerRef => ({ id });

/**
 * Offer.partner @provides the name: the directory the offer was made from (partners' own, cached
 * minutes) knows it, which spares the dashboard a hop to partners after offers. A partner gone
 * from the directory since fails the field (partner: null and an error), never shows a stale or
 * made-up name.
 */
async function offeredPartner(ctx: OffersContext, id: string): Promise<ProvidedPartner> {
  const known = (await ctx.partners.partners()).find((p) => p.partnerId === id);
  if (!known) throw appError('DOWNSTREAM_SERVICE_ERROR', 'The partner of this offer is not known right now.');
  return { id, name: known.name };
}

async function deliverSoon(ctx: OffersContext, recorded: RecordedResponse): Promise<Activation | null> {
  const activation = recorded.activation;
  if (!activation || activation.status !== 'PENDING' || !ctx.dispatcher) return activation;
  const attempt = ctx.dispatcher.runOnce().catch((err: Error) => {
    ctx.log.warn({ err: err.message }, 'immediate activation delivery failed; the outbox retries');
    return 0;
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(0), ACTIVATION_WAIT_MS);
  });
  await Promise.race([attempt, waited]);
  clearTimeout(timer);
  return (await ctx.store.activation(activation.id)) ?? activation;
}

/** The resolver map, checked against the types generated from schema/offers.graphql. */
export const typedResolvers = {
  Customer: {
    // another customer's id answers as if it did not exist, through `_entities` too
    // the reference itself is the parent: the recent activity accounts served for `offers`
    // (@requires) rides along in it when the gateway sent it
    __resolveReference: (ref, ctx) => (canReadCustomer(ctx.caller, ref.id) ? ref : null),
    offers: async (c, args, ctx) => {
      if (!canReadCustomer(ctx.caller, c.id)) return null;
      const first = checkFirst(args.first);
      const channel = effectiveChannel(ctx.caller, args.channel);
      // every core call counts: none when nothing could be offered anyway
      if (!channelHasOffers(channel)) return [];
      const today = ctx.now.toISOString().slice(0, 10);
      // the churn flag is read from the store on every request (never from the signals cache): a
      // flag raised a minute ago makes the retention offer on the customer's next visit
      const provided = signalDataFromActivity(c.id, 'recentActivity' in c ? c.recentActivity : null, today);
      const [data, partners, churnFlag] = await Promise.all([
        provided ?? (ctx.signals ? ctx.signals.load(ctx.core, c.id, today, ctx.caller.requestId, ctx.deadline) : loadCoreSignalData(ctx.core, c.id, today)),
        ctx.partners.partners(),
        ctx.churnFlags?.load(c.id) ?? null,
      ]);
      const signals = signalsFrom({ ...data, partners, channel, today, churnFlag });
      // caps are checked and the impressions recorded in one locked step, so concurrent reads cannot all pass
      return ctx.store.show(c.id, channel, (suppressed) => nextBestOffers(signals, first, suppressed));
    },
    // staff only (the call centre's 360° view): offers' own store, no core call, no impression
    offerHistory: async (c, args, ctx) => {
      if (!isStaffWith(ctx.caller, STAFF_READ_SCOPE)) return null;
      return ctx.store.history(c.id, checkHistoryFirst(args.first));
    },
  },
  ShownOffer: {
    firstShownAt: (o) => o.firstShownAt.toISOString(),
    lastShownAt: (o) => o.lastShownAt.toISOString(),
  },
  OfferAnswer: {
    respondedAt: (a) => a.respondedAt.toISOString(),
  },
  Offer: {
    title: (o, { locale }) => (locale === 'FA' ? o.fa.title : o.title),
    reason: (o, { locale }) => (locale === 'FA' ? o.fa.reason : o.reason),
    partner: (o, _args, ctx) => (o.partnerId ? offeredPartner(ctx, o.partnerId) : null),
    cashBack: (o) => o.cashBack ?? null,
  },
  CashBackActivation: {
    partner: (a) => partnerRef(a.partnerId),
  },
  Mutation: {
    respondToOffer: async (_, args, ctx) => {
      const customerId = ctx.caller.customerId;
      if (!customerId || !RESPONDING_CHANNELS.has(ctx.caller.channel)) {
        throw appError('FORBIDDEN', 'Only the customer can answer their offers.');
      }
      const offerId = checkOfferId(args.offerId);
      const recorded = await ctx.store.respond(customerId, offerId, args.response, ctx.caller.channel);
      const activation = await deliverSoon(ctx, recorded);
      return { ...recorded, activation };
    },
  },
} satisfies Resolvers<OffersContext>;

// GraphQLResolverMap types __resolveReference like a field resolver (parent, args: any, context, info); ours
// take (reference, context), as Apollo calls them, which still fits: the map needs no conversion.
export const resolvers: GraphQLResolverMap<OffersContext> = typedResolvers;
