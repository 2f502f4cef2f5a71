// Staff campaigns: a segment (segment.ts), a message in every locale, and the moment it goes. Pure:
// what a campaign is, whether a draft may be scheduled, and the trigger id each recipient's message
// gets. The store (db/campaign-store.ts) keeps them; the sender (adapters/campaign-sender.ts) walks
// the audience at the send time and hands each customer to NotificationEngine.handle, which applies
// consent, the marketing caps and the campaign cap (rules.ts) like for any marketing message.
import { CATEGORIES, type Category } from '../../../../lib/mcc-categories';
import type { Locale } from './preferences';
import type { DecisionRule } from './rules';
import { segmentProblem } from './segment-check';
import { SEGMENT_PRODUCTS, SEGMENT_TIERS, type Segment, type SegmentProduct, type SegmentTier } from './segment';

export const CAMPAIGN_STATUSES = ['SCHEDULED', 'SENDING', 'SENT', 'CANCELLED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** The words of a campaign, per locale: every locale is required (a customer reads theirs). */
export type CampaignMessage = Readonly<Record<Locale, { readonly title: string; readonly body: string }>>;

export interface CampaignDraft {
  name: string;
  segment: Segment;
  message: CampaignMessage;
  sendAt: Date;
}

export interface Campaign extends CampaignDraft {
  id: string;
  status: CampaignStatus;
  /** the staff member who created it (token subject) */
  createdBy: string;
  createdAt: Date;
  cancelledBy?: string;
  cancelledAt?: Date;
  /** when sending began: the audience is read as of this moment, also after a restart */
  startedAt?: Date;
  finishedAt?: Date;
}

/** What came of a campaign so far, from its recipients (db/campaign-store.ts). */
export interface CampaignCounts {
  /** customers handled so far (at SENT: the audience at send) */
  recipients: number;
  /** went (or will go, after quiet hours) on at least one channel */
  sent: number;
  /** stopped on every channel, by the rule on the first channel (IN_APP) */
  suppressed: Partial<Record<DecisionRule, number>>;
}

/** Limits of a draft; the input bounds (lib/input-bounds.ts) already capped lengths and refused control characters. */
export const CAMPAIGN_LIMITS = Object.freeze({
  nameMax: 100,
  titleMax: 80,
  bodyMax: 500,
  /** longest window of a day criterion: ten years */
  daysMax: 3650,
  citiesMax: 50,
  /** as the facts keep them (segment-check.ts) */
  cityMax: 40,
  /** how far ahead a campaign may be scheduled */
  aheadDaysMax: 366,
});

/** A refusal of a draft: the code (lib/error-codes.ts) and the input field's path, nothing stored. */
export class CampaignInputError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'SEND_AT_IN_PAST',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CampaignInputError';
  }
}

const bad = (field: string, message: string) => new CampaignInputError('BAD_USER_INPUT', field, message);

// an instant with its offset: "2026-12-24T09:00:00Z", "2026-12-24T12:30:00+03:30"; a local time would be ambiguous
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether the date and hour named are real: Date rolls a day past the month's end over into the
 * next month (February 31st is March 3rd) and takes hour 24 as the next day's midnight, so a typo
 * would be sent days late instead of refused.
 */
function realCalendarTime([, y, m, d, h]: RegExpExecArray): boolean {
  const [year, month, day, hour] = [y, m, d, h].map(Number) as [number, number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate() && hour <= 23;
}

export function parseInstant(value: string, field: string): Date {
  const at = new Date(value);
  const parts = INSTANT.exec(value);
  if (!parts || Number.isNaN(at.getTime()) || !realCalendarTime(parts))
    throw bad(field, `${field} must be an ISO 8601 instant with its offset, such as 2026-12-24T09:00:00Z.`);
  return at;
}

function words(value: string, field: string, max: number): string {
  const t = value.trim();
  if (t === '') throw bad(field, `${field} must not be blank.`);
  if ([...t].length > max) throw bad(field, `${field} holds at most ${max} characters.`);
  return t;
}

function days(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > CAMPAIGN_LIMITS.daysMax) throw bad(field, `${field} must be between 1 and ${CAMPAIGN_LIMITS.daysMax}.`);
  return value;
}

function oneOf<T extends string>(values: readonly string[] | null | undefined, known: readonly T[], field: string): readonly T[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length === 0) throw bad(field, `${field} must name at least one value, or be left out.`);
  for (const v of values) if (!(known as readonly string[]).includes(v)) throw bad(field, `${field} holds an unknown value.`);
  return [...new Set(values as readonly T[])];
}

export interface SegmentInput {
  tiers?: readonly string[] | null;
  products?: readonly string[] | null;
  spendCategories?: readonly string[] | null;
  spendWithinDays?: number | null;
  activeWithinDays?: number | null;
  inactiveForDays?: number | null;
  cities?: readonly string[] | null;
}

/** A segment as staff give it, checked and normalised (lists deduplicated, cities trimmed); absent criteria stay absent. */
export function checkSegment(input: SegmentInput, path = 'segment'): Segment {
  const segment: { -readonly [K in keyof Segment]: Segment[K] } = {};
  const tiers = oneOf<SegmentTier>(input.tiers, SEGMENT_TIERS, `${path}.tiers`);
  if (tiers) segment.tiers = tiers;
  const products = oneOf<SegmentProduct>(input.products, SEGMENT_PRODUCTS, `${path}.products`);
  if (products) segment.products = products;
  const categories = oneOf<Category>(input.spendCategories, CATEGORIES, `${path}.spendCategories`);
  if (categories) segment.spendCategories = categories;
  const spendWithin = days(input.spendWithinDays, `${path}.spendWithinDays`);
  if (spendWithin !== undefined) {
    if (!categories) throw bad(`${path}.spendWithinDays`, 'spendWithinDays applies to spendCategories: give those too.');
    segment.spendWithinDays = spendWithin;
  }
  const active = days(input.activeWithinDays, `${path}.activeWithinDays`);
  if (active !== undefined) segment.activeWithinDays = active;
  const inactive = days(input.inactiveForDays, `${path}.inactiveForDays`);
  if (inactive !== undefined) segment.inactiveForDays = inactive;
  // active within N days and inactive for at least M >= N days names nobody: a mistake, not a segment
  if (active !== undefined && inactive !== undefined && inactive >= active) {
    throw bad(`${path}.inactiveForDays`, 'inactiveForDays must be below activeWithinDays when both are given.');
  }
  if (input.cities !== null && input.cities !== undefined) {
    if (input.cities.length === 0 || input.cities.length > CAMPAIGN_LIMITS.citiesMax) {
      throw bad(`${path}.cities`, `cities must name 1 to ${CAMPAIGN_LIMITS.citiesMax} cities, or be left out.`);
    }
    const cities = input.cities.map((c) => words(c, `${path}.cities`, CAMPAIGN_LIMITS.cityMax));
    // the first spelling of each city kept (the facts compare them case-insensitively anyway)
    const seen = new Set<string>();
    segment.cities = cities.filter((c) => !seen.has(c.toLocaleLowerCase('en')) && seen.add(c.toLocaleLowerCase('en')));
  }
  // and what the audience store itself insists on (one check for the store and the input)
  const problem = segmentProblem(segment);
  if (problem) throw bad(`${path}.${problem.field}`, `${path}.${problem.field}: ${problem.why}.`);
  return segment;
}

export interface CampaignInput {
  name: string;
  segment: SegmentInput;
  message: Record<Locale, { title: string; body: string }>;
  sendAt: string;
}

/** A draft staff may schedule at `now`, or a CampaignInputError naming the field. */
export function checkCampaign(input: CampaignInput, now: Date): CampaignDraft {
  const name = words(input.name, 'name', CAMPAIGN_LIMITS.nameMax);
  const segment = checkSegment(input.segment);
  const message = {
    en: {
      title: words(input.message.en.title, 'message.en.title', CAMPAIGN_LIMITS.titleMax),
      body: words(input.message.en.body, 'message.en.body', CAMPAIGN_LIMITS.bodyMax),
    },
    fa: {
      title: words(input.message.fa.title, 'message.fa.title', CAMPAIGN_LIMITS.titleMax),
      body: words(input.message.fa.body, 'message.fa.body', CAMPAIGN_LIMITS.bodyMax),
    },
  };
  const sendAt = parseInstant(input.sendAt, 'sendAt');
  if (sendAt.getTime() <= now.getTime()) throw new CampaignInputError('SEND_AT_IN_PAST', 'sendAt', 'sendAt must be in the future.');
  if (sendAt.getTime() > now.getTime() + CAMPAIGN_LIMITS.aheadDaysMax * 86_400_000) {
    throw bad('sendAt', `sendAt must be within ${CAMPAIGN_LIMITS.aheadDaysMax} days.`);
  }
  return { name, segment, message, sendAt };
}

/** The trigger id of one recipient's message: the engine decides once per id, so a resumed send never sends twice. */
export function campaignTriggerId(campaignId: string, customerId: string): string {
  return `campaign:${campaignId}:${customerId}`;
}

/** Campaign ids: `cmp_` and 24 hex digits (fits the trigger id's 128 characters with any customer id). */
export const CAMPAIGN_ID = /^cmp_[0-9a-f]{24}$/;
