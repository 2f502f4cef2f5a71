// Partner cash back, on spend at the partner itself or in the spend category its own category
// maps to. One rule per spend category, each offering its best partner only (two coffee chains do
// not both make an offer), and one for partners whose category maps to none, offered on spend at
// them alone.
import type { Category } from '../../../../../lib/mcc-categories';
import { offerId } from '../offer';
import type { OfferSignals, PartnerInfo } from '../signals';
import { categoryRelevance, major } from './measures';
import { type OfferRule, OWN_CHANNELS, type Proposal } from './rule';
import { amountText, fa, periodText, spendReason } from './wording';

/** Partners' own categories -> the spend category whose spend speaks for them. */
export const PARTNER_CATEGORY_SPEND: Readonly<Record<string, Category>> = Object.freeze({
  RIDE_HAILING: 'TRANSPORT',
  COFFEE: 'EATING_OUT',
  GROCERIES: 'GROCERIES',
  TRAVEL: 'TRAVEL',
  STREAMING: 'ENTERTAINMENT',
  EVENTS: 'ENTERTAINMENT',
  DINING: 'EATING_OUT',
});

export const CASH_BACK_RATE_BP = 500;
export const CASH_BACK_VALID_DAYS = 30;
const CASH_BACK = 'cashback-v1';

/** The spend category of a partner; undefined for none or one this table does not know. */
export function spendCategoryOf(partner: Pick<PartnerInfo, 'category'>): Category | undefined {
  // own keys only: a directory category such as "constructor" must not find Object's
  return partner.category && Object.hasOwn(PARTNER_CATEGORY_SPEND, partner.category) ? PARTNER_CATEGORY_SPEND[partner.category] : undefined;
}

function proposal(s: OfferSignals, p: PartnerInfo, category: Category | undefined): Proposal | null {
  const direct = s.partnerSpend.get(p.partnerId);
  const byCategory = category ? categoryRelevance(s, category) : 0;
  const byPartner = direct && direct.recentMinor > 0n ? 100 + 3 * major(direct.recentMinor, s.currency) : 0;
  if (byCategory === 0 && byPartner === 0) return null;
  // nothing for loyalty to boost
  if (p.merchantIds.length === 0) return null;
  return {
    title: `${CASH_BACK_RATE_BP / 100}% cash back at ${p.name} for ${CASH_BACK_VALID_DAYS} days`,
    reason: byPartner > 0 ? `because you spent ${amountText(direct!.recentMinor, s.currency)} at ${p.name} ${periodText(s.recent)}` : spendReason(s, category!),
    fa: {
      title: `${fa.number(CASH_BACK_RATE_BP / 100)}٪ بازگشت وجه در ${p.name} به مدت ${fa.number(CASH_BACK_VALID_DAYS)} روز`,
      reason: byPartner > 0 ? `چون ${fa.amount(direct!.recentMinor, s.currency)} در ${p.name} ${fa.period(s.recent)} خرج کردید` : fa.spendReason(s, category!),
    },
    partnerId: p.partnerId,
    cashBack: { partnerId: p.partnerId, merchantIds: [...p.merchantIds].sort(), rateBasisPoints: CASH_BACK_RATE_BP, validDays: CASH_BACK_VALID_DAYS },
    // a partner offer edges out the bank's own for the same category signal
    score: byCategory + byPartner + 1,
  };
}

/** The best proposal per slot: higher score, then the offer id the ranking would put first. */
function bestPerSlot(s: OfferSignals, partners: readonly PartnerInfo[], category: Category | undefined, slotOf: (p: PartnerInfo) => string): Proposal[] {
  const idOf = (x: Proposal) => offerId(CASH_BACK, s.customerId, x.partnerId);
  const best = new Map<string, Proposal>();
  for (const p of partners) {
    const candidate = proposal(s, p, category);
    if (!candidate) continue;
    const held = best.get(slotOf(p));
    if (!held || candidate.score > held.score || (candidate.score === held.score && idOf(candidate) < idOf(held))) best.set(slotOf(p), candidate);
  }
  return [...best.values()];
}

function cashBackIn(id: string, category: Category): OfferRule {
  return {
    id,
    offerKey: CASH_BACK,
    kind: 'CASH_BACK',
    topic: category,
    channels: OWN_CHANNELS,
    propose: (s) =>
      bestPerSlot(
        s,
        s.partners.filter((p) => spendCategoryOf(p) === category),
        category,
        () => category,
      ),
  };
}

export const cashBackTravel = cashBackIn('cash-back-travel', 'TRAVEL');
export const cashBackEatingOut = cashBackIn('cash-back-eating-out', 'EATING_OUT');
export const cashBackEntertainment = cashBackIn('cash-back-entertainment', 'ENTERTAINMENT');
export const cashBackTransport = cashBackIn('cash-back-transport', 'TRANSPORT');
export const cashBackGroceries = cashBackIn('cash-back-groceries', 'GROCERIES');

/** Partners without a known spend category: each on spend at it alone. */
export const cashBackUncategorised: OfferRule = {
  id: 'cash-back-uncategorised',
  offerKey: CASH_BACK,
  kind: 'CASH_BACK',
  topic: 'SHOPPING',
  channels: OWN_CHANNELS,
  propose: (s) =>
    bestPerSlot(
      s,
      s.partners.filter((p) => spendCategoryOf(p) === undefined),
      undefined,
      (p) => p.partnerId,
    ),
};
