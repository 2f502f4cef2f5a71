// The next-best-offer engine: a pure function from a customer's signals to ranked offers. It
// knows nothing of the core, the store or GraphQL, so every rule is testable on its own.
//
// Three steps: candidate generation (every rule of the table, rules/table.ts, on the channels it
// is for, proposes offers with a score and a plain-language reason naming the signal, or stays
// silent), eligibility (no marketing without consent), ranking (score, then id: same signals,
// same order).
import { isMarketing, type Offer, offerId, type OfferChannel } from './offer';
import type { OfferSignals } from './signals';
import { OFFER_RULES } from './rules/table';

const OFFER_VALID_DAYS = 30;

interface Candidate extends Offer {
  score: number;
}

/** Whether any rule could make an offer on `channel` (if not, no signals are worth fetching). */
export function channelHasOffers(channel: OfferChannel): boolean {
  return OFFER_RULES.some((r) => r.channels.includes(channel));
}

function endOfDayAfter(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.toISOString().slice(0, 10)}T23:59:59Z`;
}

function candidates(s: OfferSignals): Candidate[] {
  const expiresAt = endOfDayAfter(s.today, OFFER_VALID_DAYS);
  const out: Candidate[] = [];
  for (const rule of OFFER_RULES) {
    if (!rule.channels.includes(s.channel)) continue;
    for (const { partnerId, cashBack, title, reason, fa, score } of rule.propose(s)) {
      out.push({
        id: offerId(rule.offerKey, s.customerId, partnerId),
        kind: rule.kind,
        topic: rule.topic,
        title,
        reason,
        fa,
        expiresAt,
        marketing: isMarketing(rule.kind),
        ...(partnerId ? { partnerId } : {}),
        ...(cashBack ? { cashBack } : {}),
        score,
      });
    }
  }
  return out;
}

/** Every eligible offer for these signals, best first. Same signals, same answer. */
export function rankOffers(s: OfferSignals): Offer[] {
  return (
    candidates(s)
      // no consent, no marketing: checked here, after every rule, so no rule can forget it
      .filter((c) => s.marketingConsent || !c.marketing)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ score: _score, ...offer }) => offer)
  );
}

/** The best `limit` offers, skipping any the caller says may not be shown (dismissed, capped). */
export function nextBestOffers(s: OfferSignals, limit: number, suppressed: ReadonlySet<string> = new Set()): Offer[] {
  return rankOffers(s)
    .filter((o) => !suppressed.has(o.id))
    .slice(0, Math.max(0, limit));
}
