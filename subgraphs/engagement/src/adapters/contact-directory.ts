// Where a customer is reached. The bank has no customer email address or phone number in the system
// yet, so this is the development directory: every customer's email is <customerId>@<domain>
// (ENGAGEMENT_CONTACT_EMAIL_DOMAIN, default customers.example, a reserved name that reaches nobody)
// and SMS and push know no address (their webhooks get the customer id). A real directory (the
// customer master's contact details, the app's push tokens) implements ContactDirectory.
import type { ContactDirectory, OutboxChannel } from '../domain/delivery';

export class DevelopmentContactDirectory implements ContactDirectory {
  constructor(private readonly emailDomain = 'customers.example') {}

  addressOf(customerId: string, channel: OutboxChannel): Promise<string | undefined> {
    // the local part keeps only what an address may hold unquoted
    if (channel === 'EMAIL') return Promise.resolve(`${customerId.replace(/[^A-Za-z0-9._+-]/g, '_')}@${this.emailDomain}`);
    return Promise.resolve(undefined);
  }
}
