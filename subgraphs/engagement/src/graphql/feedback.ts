// Feedback over GraphQL: the customer answers their own requests (submitFeedback) and reads them
// with staff holding staff:customers:read (the 360 view); nobody else sees a request or its comment.
// The answer is checked against the request's kind (domain/feedback.ts) under the request's lock
// before anything is written: a refusal changes nothing.
import { canReadCustomer } from '../../../../lib/access';
import { appError } from '../../../../lib/errors';
import type { FeedbackKey } from '../db/feedback-store';
import { checkAnswer, FEEDBACK_REQUEST_ID, FeedbackInputError, type FeedbackRequest } from '../domain/feedback';
import type { EngagementContext } from './context';
import { checkFirst, cursorMatch, customerOf, opaqueCursor } from './arguments';
import type { Resolvers } from './resolvers-types.generated';

// a customer's feedback requests: `f1:<requested at, ms>:<id>` (arguments.ts opaqueCursor)
const CURSOR = /^f1:(\d{1,15}):(fbr_[0-9a-f]{32})$/;
const encodeCursor = (k: FeedbackKey) => opaqueCursor(`f1:${k.requestedAtMs}:${k.id}`);

function decodeCursor(after: string | null | undefined): FeedbackKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { requestedAtMs: Number(m[1]), id: m[2] as string };
}

/** The input field a refusal names, as the input bounds name fields. */
const FIELD_PATH: Readonly<Record<string, string>> = { score: 'score', comment: 'comment' };

export const feedbackResolvers = {
  Customer: {
    feedbackRequests: async (c, args, ctx) => {
      if (!canReadCustomer(ctx.caller, c.id)) return null;
      const first = checkFirst(args.first);
      const after = decodeCursor(args.after);
      // one more than asked tells whether there is a next page
      const items = await ctx.feedback.store.listForCustomer(c.id, first + 1, after, args.openOnly ?? false);
      const edges = items.slice(0, first).map((node) => ({ cursor: encodeCursor(node.key), node }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Mutation: {
    submitFeedback: async (_, args, ctx) => {
      const customerId = customerOf(ctx.caller);
      const { requestId, score, comment } = args.input;
      if (!FEEDBACK_REQUEST_ID.test(requestId)) throw appError('FEEDBACK_REQUEST_NOT_FOUND', undefined, { argumentName: 'requestId' });
      let r;
      try {
        r = await ctx.feedback.store.submit(customerId, requestId, (kind) => checkAnswer(kind, score, comment), ctx.now);
      } catch (err) {
        if (err instanceof FeedbackInputError) throw appError(err.code, err.message, { argumentName: FIELD_PATH[err.field] ?? err.field });
        throw err;
      }
      switch (r.result) {
        case 'OK':
          return r.request;
        case 'NOT_FOUND':
          throw appError('FEEDBACK_REQUEST_NOT_FOUND', undefined, { argumentName: 'requestId' });
        case 'ALREADY_GIVEN':
          throw appError('FEEDBACK_ALREADY_GIVEN', undefined, { argumentName: 'requestId' });
      }
    },
  },
  FeedbackRequest: {
    contactId: (r: FeedbackRequest) => (r.momentType === 'CONTACT' || r.momentType === 'SELF_SERVICE' ? r.momentRef : null),
    requestedAt: (r) => r.requestedAt.toISOString(),
    answeredAt: (r) => r.answeredAt?.toISOString() ?? null,
    score: (r) => r.score ?? null,
    comment: (r) => r.comment ?? null,
  },
} satisfies Resolvers<EngagementContext>;
