// Email over SMTP (nodemailer): the message's title is the subject, its body the text part, and an
// HTML part carries the locale's language and direction (Persian: dir="rtl"). The recipient comes
// from the contact directory. An SMTP 5xx reply is permanent, a 4xx reply or a broken connection is
// tried again; the Message-ID is derived from the message id, so a resend after a lost answer can be
// recognised by the receiving side.
import { createTransport, type Transporter } from 'nodemailer';
import type { Message } from '../domain/engine';
import type { ChannelProvider, ContactDirectory, SendOutcome } from '../domain/delivery';
import { errorCode } from './delivery-dispatcher';

export interface EmailProviderOptions {
  /** ENGAGEMENT_SMTP_URL: smtp://host:port (STARTTLS when offered), smtps:// for implicit TLS, user:pass@ for AUTH */
  smtpUrl: string;
  /** ENGAGEMENT_EMAIL_FROM */
  from: string;
  /** the host part of the Message-ID */
  messageIdDomain?: string;
  contacts: ContactDirectory;
  /** per step of the SMTP conversation */
  timeoutMs?: number;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The email of a message: subject, text and an HTML part in the message's language and direction. */
export function renderEmail(message: Message): { subject: string; text: string; html: string } {
  const dir = message.direction === 'RTL' ? 'rtl' : 'ltr';
  const title = escapeHtml(message.title);
  const html =
    `<!doctype html><html lang="${message.locale}" dir="${dir}"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body dir="${dir}"><h1>${title}</h1><p>${escapeHtml(message.body)}</p></body></html>`;
  return { subject: message.title, text: `${message.title}\n\n${message.body}\n`, html };
}

export class EmailProvider implements ChannelProvider {
  readonly channel = 'EMAIL' as const;
  private readonly transport: Transporter;

  constructor(private readonly opts: EmailProviderOptions) {
    const timeout = opts.timeoutMs ?? 15_000;
    this.transport = createTransport({ url: opts.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  async send(message: Message): Promise<SendOutcome> {
    const to = await this.opts.contacts.addressOf(message.customerId, 'EMAIL');
    if (!to) return { result: 'REJECTED', error: 'no-address' };
    try {
      await this.transport.sendMail({
        from: this.opts.from,
        to,
        ...renderEmail(message),
        messageId: `<${encodeURIComponent(message.id)}.email@${this.opts.messageIdDomain ?? 'engagement.corebridge.invalid'}>`,
      });
      return { result: 'DELIVERED' };
    } catch (err) {
      const reply = (err as { responseCode?: unknown }).responseCode;
      if (typeof reply === 'number' && reply >= 500) return { result: 'REJECTED', error: `smtp-${reply}` };
      if (typeof reply === 'number') return { result: 'RETRY', error: `smtp-${reply}` };
      return { result: 'RETRY', error: errorCode(err) };
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
