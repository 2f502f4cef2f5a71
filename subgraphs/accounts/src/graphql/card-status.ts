// Mutation.freezeCard / unfreezeCard: one of the caller's own cards, then one SetCardStatus. The
// core call names the state the card ends in, so a repeat (a double tap at a kiosk, a resend after
// a timeout) answers the card as it is instead of failing.
import { appError } from '../../../../lib/errors';
import { CARD_STATUS_REFUSALS, type CardTargetStatus, toClientError } from '../../../../legacy-adapters/soap/src';
import type { AccountsContext } from './context';
import { type CardModel, mapCard } from './mapping';

/** Final states: neither a freeze nor its release applies, whatever the core is asked. */
const FINAL = new Set(['BLOCKED', 'EXPIRED']);

export async function setCardStatus(ctx: AccountsContext, cardId: string, target: CardTargetStatus): Promise<CardModel> {
  const customerId = ctx.caller.customerId;
  if (!customerId) throw appError('FORBIDDEN', 'Card changes need a customer token.');
  // only the caller's own cards: another customer's id is refused exactly as an unknown one, and
  // neither reaches the core
  const own = (await ctx.reads.cards(customerId)).find((c) => c.cardId === cardId);
  if (!own) throw appError('CARD_NOT_FOUND');
  // a blocked or expired card never comes back, so even a cached status is enough to refuse it
  if (FINAL.has(own.status)) throw appError('CARD_NOT_FREEZABLE');
  try {
    // the holder goes along: the core checks the card is theirs too, in case our list was stale
    const { card } = await ctx.coreClient.setCardStatus(
      cardId,
      target,
      { requestId: ctx.caller.requestId, userId: ctx.caller.channel, deadline: ctx.deadline },
      customerId,
    );
    return mapCard(card);
  } catch (err) {
    throw toClientError(err, CARD_STATUS_REFUSALS);
  } finally {
    // whatever happened (a lost answer may still have frozen it), the next read asks the core
    ctx.cache.invalidate(customerId);
    ctx.reads.forget(customerId, []);
  }
}
