// POST /core/notifications: the core's debit/credit notifications (camt.054), signed with the
// shared secret (legacy-adapters/iso20022 notification-signature). Not under /internal (the core
// holds no internal token) and not behind the gateway: only the core reaches it (NetworkPolicy).
//   200 { applied, duplicates, parked }  stored (a repeat stores nothing new; parked entries are kept with their reason)
//   401 NOTIFICATION_SIGNATURE_INVALID   400 CAMT_* / NOTIFICATION_INVALID   503 NOTIFICATION_NOT_STORED (the core retries)
// The answer is 200 only after the transaction committed, so a notification the core saw
// acknowledged is stored. A real core's MQ queue or file drop would feed ingestNotification too.
import type { FastifyInstance } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { CamtError, NOTIFICATION_SIGNATURE_HEADER, readCamt, verifyNotification, type CamtSource } from '../../../../legacy-adapters/iso20022/src';
import type { Logger } from '../../../../lib/logger';
import type { AppliedNotification, CoreMovements } from '../db/core-movements';
import { notificationContent } from '../domain/core-movements';

export const CORE_NOTIFICATIONS_PATH = '/core/notifications';
/** a notification is one booking; 4 MB holds a batch at the parser's detail cap */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type NotificationRefusal = 'NOTIFICATION_SIGNATURE_INVALID' | 'NOTIFICATION_INVALID' | CamtError['code'];

export class NotificationError extends Error {
  constructor(
    readonly code: NotificationRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationError';
  }
}

/** Counters of accounts' registry: notifications by outcome, entries/movements by outcome. */
export class NotificationMetrics {
  private readonly notifications: Counter<'outcome'>;
  private readonly movements: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.notifications = new Counter({
      name: 'core_notifications_total',
      help: 'camt.054 notifications from the core, by outcome (received, applied, duplicate, parked, refused, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.movements = new Counter({
      name: 'core_notification_movements_total',
      help: 'Transaction details of notified entries, by outcome (applied, duplicate, parked: entries not applied)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  received(): void {
    this.notifications.inc({ outcome: 'received' });
  }

  outcome(outcome: 'refused' | 'failed'): void {
    this.notifications.inc({ outcome });
  }

  stored(r: AppliedNotification): void {
    // a notification counts as applied when it added something, duplicate when it added nothing new
    if (r.applied > 0) this.notifications.inc({ outcome: 'applied' });
    else if (r.duplicates > 0) this.notifications.inc({ outcome: 'duplicate' });
    if (r.parked > 0) this.notifications.inc({ outcome: 'parked' });
    this.movements.inc({ outcome: 'applied' }, r.applied);
    this.movements.inc({ outcome: 'duplicate' }, r.duplicates);
    this.movements.inc({ outcome: 'parked' }, r.parked);
  }
}

/**
 * The transport-free ingestion every channel shares: a camt.054 (bytes, or a stream such as a
 * notification file's, already authenticated by its transport) parsed, checked and stored.
 * Throws NotificationError for a message to refuse (nothing stored); a store failure propagates
 * (nothing stored either).
 */
export async function ingestNotification(source: CamtSource, store: CoreMovements): Promise<AppliedNotification> {
  let doc;
  try {
    doc = await readCamt(source, { detailsMismatch: 'emit' });
  } catch (err) {
    if (err instanceof CamtError) throw new NotificationError(err.code, err.message);
    throw err;
  }
  if (doc.message.type !== 'camt.054') throw new NotificationError('NOTIFICATION_INVALID', `${doc.message.type} is not a debit/credit notification (camt.054)`);
  return store.apply(notificationContent(doc));
}

export interface CoreNotificationDeps {
  store: CoreMovements;
  secret: string;
  metrics: NotificationMetrics;
  log: Logger;
}

export function coreNotificationRoutes(deps: CoreNotificationDeps) {
  return async (app: FastifyInstance) => {
    await app.register(async (scope) => {
      // the raw bytes: the signature covers exactly what was sent
      scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));
      scope.post(CORE_NOTIFICATIONS_PATH, async (req, reply) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || !verifyNotification(body, req.headers[NOTIFICATION_SIGNATURE_HEADER], deps.secret)) {
          deps.metrics.outcome('refused');
          return reply.code(401).send({ code: 'NOTIFICATION_SIGNATURE_INVALID', message: 'missing or wrong signature' });
        }
        deps.metrics.received();
        try {
          const result = await ingestNotification([body], deps.store);
          deps.metrics.stored(result);
          if (result.parked > 0) deps.log.warn({ parked: result.parked, applied: result.applied }, 'core notification: entries parked');
          return await reply.code(200).send(result);
        } catch (err) {
          if (err instanceof NotificationError) {
            deps.metrics.outcome('refused');
            deps.log.warn({ code: err.code }, 'core notification refused');
            return reply.code(400).send({ code: err.code, message: err.message });
          }
          deps.metrics.outcome('failed');
          deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'core notification not stored');
          return reply.code(503).send({ code: 'NOTIFICATION_NOT_STORED', message: 'not stored; send again' });
        }
      });
    });
  };
}
