// Feedback (issue 17): after chosen moments the customer is asked how it went, through the
// notification engine (trigger FEEDBACK_REQUEST, a service message). Pure: which moments ask what,
// the NPS rule, the scales, and the checks on an answer. The store (db/feedback-store.ts) keeps one
// request per moment and one answer per request; docs/cx.md "Feedback".
import { createHash } from 'node:crypto';
import type { ContactChannel } from './contacts';

export const FEEDBACK_KINDS = ['CSAT', 'CES', 'NPS'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** What the customer was asked about. */
export const FEEDBACK_MOMENTS = ['CONTACT', 'SELF_SERVICE', 'TRANSFER', 'REDEMPTION'] as const;
export type FeedbackMomentType = (typeof FEEDBACK_MOMENTS)[number];

/** Where the moment happened: a contact's channel, or the app for transfers and redemptions. */
export type FeedbackChannel = ContactChannel | 'APP';

/** The scale of each kind, inclusive: CSAT 1-5, CES 1-7, NPS 0-10. */
export const FEEDBACK_SCALE: Readonly<Record<FeedbackKind, { min: number; max: number }>> = Object.freeze({
  CSAT: { min: 1, max: 5 },
  CES: { min: 1, max: 7 },
  NPS: { min: 0, max: 10 },
});

/** The kind each moment asks when NPS does not take its place. */
export const MOMENT_KIND: Readonly<Record<FeedbackMomentType, Exclude<FeedbackKind, 'NPS'>>> = Object.freeze({
  CONTACT: 'CSAT',
  SELF_SERVICE: 'CES',
  TRANSFER: 'CES',
  REDEMPTION: 'CSAT',
});

/** At most one NPS request per customer in this many days. */
export const NPS_INTERVAL_DAYS = 90;
const DAY_MS = 86_400_000;

/** A moment worth asking about: `ref` is its own id (a contact id, an event id). */
export interface FeedbackMoment {
  customerId: string;
  type: FeedbackMomentType;
  ref: string;
  channel: FeedbackChannel;
  occurredAt: Date;
}

/**
 * What a moment asks: NPS instead of the moment's own kind when the customer had no NPS request in
 * the last 90 days (`lastNpsAt` undefined: never), else the moment's kind. One request per moment
 * either way: the customer is never asked twice about the same moment.
 */
export function kindFor(type: FeedbackMomentType, lastNpsAt: Date | undefined, now: Date): FeedbackKind {
  if (!lastNpsAt || now.getTime() - lastNpsAt.getTime() >= NPS_INTERVAL_DAYS * DAY_MS) return 'NPS';
  return MOMENT_KIND[type];
}

/**
 * A request's id from its moment: the same moment always names the same request (a replayed event,
 * a retried end), and the id is also the notification's (the engine decides once per id).
 */
export function feedbackRequestId(type: FeedbackMomentType, ref: string): string {
  return `fbr_${createHash('sha256').update(`${type}\n${ref}`).digest('hex').slice(0, 32)}`;
}

export const FEEDBACK_REQUEST_ID = /^fbr_[0-9a-f]{32}$/;

/** A comment is at most this long (lib/input-bounds.ts bounds it at the edge too). */
export const MAX_COMMENT_LENGTH = 1000;

/** A refusal of an answer, naming its field; nothing is stored. */
export class FeedbackInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeedbackInputError';
  }
}

// a tag or an entity: feedback is shown to staff as plain text, never as markup
const MARKUP = /<[A-Za-z/!?]|&[#A-Za-z0-9]+;/;
// control characters (line breaks too, as the edge's text bound) and bidi overrides, as
// lib/input-bounds.ts refuses them: a comment may be Persian, and plain RTL text needs none of them
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export interface FeedbackAnswer {
  score: number;
  /** trimmed; undefined when none or blank */
  comment?: string;
}

/** The answer to a request of `kind`, checked: a whole score on the kind's scale, a short plain-text comment. */
export function checkAnswer(kind: FeedbackKind, score: number, comment: string | null | undefined): FeedbackAnswer {
  const { min, max } = FEEDBACK_SCALE[kind];
  if (!Number.isInteger(score) || score < min || score > max) throw new FeedbackInputError('score', `A ${kind} score is a whole number from ${min} to ${max}.`);
  if (comment === null || comment === undefined) return { score };
  if (comment.length > MAX_COMMENT_LENGTH) throw new FeedbackInputError('comment', `comment is at most ${MAX_COMMENT_LENGTH} characters.`);
  if (CONTROL.test(comment)) throw new FeedbackInputError('comment', 'comment holds a control character.');
  if (MARKUP.test(comment)) throw new FeedbackInputError('comment', 'comment is plain text: no HTML.');
  const trimmed = comment.trim();
  return trimmed === '' ? { score } : { score, comment: trimmed };
}

export interface FeedbackRequest {
  id: string;
  customerId: string;
  kind: FeedbackKind;
  momentType: FeedbackMomentType;
  momentRef: string;
  channel: FeedbackChannel;
  /** the customer's segment when asked (loyalty tier from the customer facts), when known */
  segment?: string;
  requestedAt: Date;
  answeredAt?: Date;
  score?: number;
  comment?: string;
}

/** The same answer as the one stored: a repeated submit, answered with what is stored. */
export const sameAnswer = (r: FeedbackRequest, a: FeedbackAnswer): boolean => r.score === a.score && (r.comment ?? undefined) === a.comment;

/** The moment of an ended contact: CSAT for one with an agent, CES for a self-service session. */
export function contactMoment(c: { id: string; customerId: string; channel: ContactChannel; selfService: boolean; endedAt?: Date }, at: Date): FeedbackMoment {
  return { customerId: c.customerId, type: c.selfService ? 'SELF_SERVICE' : 'CONTACT', ref: c.id, channel: c.channel, occurredAt: c.endedAt ?? at };
}
