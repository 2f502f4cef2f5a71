// SMS and push through an HTTP webhook: the message is POSTed as JSON to the channel's URL
// (ENGAGEMENT_SMS_WEBHOOK_URL, ENGAGEMENT_PUSH_WEBHOOK_URL), where a bridge to the SMS or push vendor
// takes it. The body is signed like the core's notifications to accounts (HMAC-SHA256 over the exact
// bytes, legacy-adapters/iso20022 notification-signature) under ENGAGEMENT_WEBHOOK_SECRET, so the
// bridge knows it came from engagement. 2xx: delivered; 429 or 5xx, a timeout or a refused
// connection: tried again; any other answer: refused for good. The bridge dedupes by Idempotency-Key.
import { signNotification } from '../../../../legacy-adapters/iso20022/src';
import type { Message } from '../domain/engine';
import type { ChannelProvider, ContactDirectory, OutboxChannel, SendOutcome } from '../domain/delivery';
import { errorCode } from './delivery-dispatcher';

/** `sha256=<64 hex>` over the body (verify with verifyNotification from legacy-adapters/iso20022). */
export const WEBHOOK_SIGNATURE_HEADER = 'x-engagement-signature';

/** What the webhook receives. */
export interface WebhookBody {
  /** the message id: the same on every attempt */
  id: string;
  channel: 'SMS' | 'PUSH';
  customerId: string;
  /** the phone number or push token, when the contact directory knows one */
  to?: string;
  title: string;
  body: string;
  locale: string;
  direction: 'LTR' | 'RTL';
}

export interface WebhookProviderOptions {
  channel: Extract<OutboxChannel, 'SMS' | 'PUSH'>;
  url: string;
  secret: string;
  contacts: ContactDirectory;
  timeoutMs?: number;
}

export class WebhookProvider implements ChannelProvider {
  readonly channel: 'SMS' | 'PUSH';

  constructor(private readonly opts: WebhookProviderOptions) {
    this.channel = opts.channel;
  }

  async send(message: Message): Promise<SendOutcome> {
    const to = await this.opts.contacts.addressOf(message.customerId, this.channel);
    const payload: WebhookBody = {
      id: message.id,
      channel: this.channel,
      customerId: message.customerId,
      ...(to ? { to } : {}),
      title: message.title,
      body: message.body,
      locale: message.locale,
      direction: message.direction,
    };
    const body = JSON.stringify(payload);
    let status: number;
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `${message.id}:${this.channel}`,
          [WEBHOOK_SIGNATURE_HEADER]: signNotification(body, this.opts.secret),
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      return { result: 'RETRY', error: errorCode(cause ?? err) };
    }
    if (status >= 200 && status < 300) return { result: 'DELIVERED' };
    if (status === 429 || status >= 500) return { result: 'RETRY', error: `http-${status}` };
    return { result: 'REJECTED', error: `http-${status}` };
  }
}
