// The outbox's providers from the settings: email when ENGAGEMENT_SMTP_URL is set, SMS and push when
// their webhook URL is. A channel left out stays CHANNEL_UNAVAILABLE, so `npm start` needs none.
import type { EngagementConfig } from '../config';
import type { ChannelProvider, ContactDirectory } from '../domain/delivery';
import { DevelopmentContactDirectory } from './contact-directory';
import { EmailProvider } from './email-provider';
import { WebhookProvider } from './webhook-provider';

export type ChannelSettings = Pick<
  EngagementConfig,
  | 'ENGAGEMENT_SMTP_URL'
  | 'ENGAGEMENT_EMAIL_FROM'
  | 'ENGAGEMENT_CONTACT_EMAIL_DOMAIN'
  | 'ENGAGEMENT_SMS_WEBHOOK_URL'
  | 'ENGAGEMENT_PUSH_WEBHOOK_URL'
  | 'ENGAGEMENT_WEBHOOK_SECRET'
>;

/** The configured channels' providers; addresses from the development directory unless `contacts` is given. */
export function channelProviders(
  cfg: ChannelSettings,
  contacts: ContactDirectory = new DevelopmentContactDirectory(cfg.ENGAGEMENT_CONTACT_EMAIL_DOMAIN),
): ChannelProvider[] {
  const providers: ChannelProvider[] = [];
  // the config refuses a webhook URL without its secret
  const secret = cfg.ENGAGEMENT_WEBHOOK_SECRET;
  if (cfg.ENGAGEMENT_PUSH_WEBHOOK_URL && secret)
    providers.push(new WebhookProvider({ channel: 'PUSH', url: cfg.ENGAGEMENT_PUSH_WEBHOOK_URL, secret, contacts }));
  if (cfg.ENGAGEMENT_SMTP_URL) providers.push(new EmailProvider({ smtpUrl: cfg.ENGAGEMENT_SMTP_URL, from: cfg.ENGAGEMENT_EMAIL_FROM, contacts }));
  if (cfg.ENGAGEMENT_SMS_WEBHOOK_URL && secret) providers.push(new WebhookProvider({ channel: 'SMS', url: cfg.ENGAGEMENT_SMS_WEBHOOK_URL, secret, contacts }));
  return providers;
}
