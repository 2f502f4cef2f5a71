// Feedback requests out through the notification engine: the request row is written first (in the
// contact's end, or here for an event's moment), then the engine is handed a FEEDBACK_REQUEST
// trigger whose id is the request's, so a replayed moment neither writes nor notifies twice.
import type { Logger } from '../../../../lib/logger';
import type { NotificationEngine } from '../domain/engine';
import { feedbackRequestId, type FeedbackMoment, type FeedbackRequest } from '../domain/feedback';
import type { Trigger } from '../domain/triggers';
import type { FeedbackStore } from '../db/feedback-store';

export function feedbackTrigger(r: FeedbackRequest): Trigger {
  return { id: r.id, customerId: r.customerId, occurredAt: r.requestedAt, kind: 'FEEDBACK_REQUEST', feedbackKind: r.kind, moment: r.momentType };
}

export class FeedbackRequester {
  constructor(
    private readonly store: FeedbackStore,
    private readonly engine: Pick<NotificationEngine, 'handle'>,
    private readonly clock: () => Date,
  ) {}

  /** An event's moment: the request (once per moment), then its notification (once per request). Failures throw: the event is retried. */
  async ask(moment: FeedbackMoment): Promise<FeedbackRequest> {
    const { request } = await this.store.request(moment, this.clock());
    await this.engine.handle(feedbackTrigger(request));
    return request;
  }

  /**
   * The notification of a request written with its moment (a contact's end), after that commit. A
   * failure is logged, not thrown: the contact has ended, and the request is still answerable from
   * Customer.feedbackRequests.
   */
  async notifyWritten(type: FeedbackMoment['type'], ref: string, log: Logger): Promise<void> {
    try {
      const request = await this.store.get(feedbackRequestId(type, ref));
      if (request) await this.engine.handle(feedbackTrigger(request));
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.name : 'Error', momentType: type }, 'feedback request not notified');
    }
  }
}
