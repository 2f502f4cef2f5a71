// The scope vocabulary of the graph. The subgraph SDLs name these in @requiresScopes; the bank's
// IdP puts them in the token's `scope` claim; `npm run token` issues the channel defaults below.
import type { Channel } from '../../../lib/internal-auth';
import {
  STAFF_CAMPAIGNS_READ_SCOPE,
  STAFF_CAMPAIGNS_WRITE_SCOPE,
  STAFF_CONTACTS_READ_SCOPE,
  STAFF_CONTACTS_WRITE_SCOPE,
  STAFF_CX_READ_SCOPE,
  STAFF_READ_SCOPE,
} from '../../../lib/access';

export const SCOPES = {
  /** read the caller's own customer data (accounts, cards, loyalty, offers) */
  customerRead: 'customer:read',
  /** change the caller's own data (transfers, redemptions, offer responses, consents) */
  customerWrite: 'customer:write',
  /** freeze and unfreeze the caller's own cards, nothing else: what a kiosk may change */
  customerCardsWrite: 'customer:cards:write',
  /** call-centre staff: read any customer (every such read is audited) */
  staffCustomersRead: STAFF_READ_SCOPE,
  /** marketing staff: define, schedule, cancel and read segmented campaigns (engagement) */
  staffCampaignsWrite: STAFF_CAMPAIGNS_WRITE_SCOPE,
  /** read campaigns and their results only */
  staffCampaignsRead: STAFF_CAMPAIGNS_READ_SCOPE,
  /** call-centre and branch staff: record contacts with customers (engagement, docs/cx.md) */
  staffContactsWrite: STAFF_CONTACTS_WRITE_SCOPE,
  /** read contacts only */
  staffContactsRead: STAFF_CONTACTS_READ_SCOPE,
  /** customer-experience leads: read the CX metrics (engagement cxMetrics, docs/cx.md), aggregates only */
  staffCxRead: STAFF_CX_READ_SCOPE,
  /** partner apps: read offers of customers who consented to that partner */
  partnerOffersRead: 'partner:offers:read',
  /** partner apps: read the partner's own catalogue and consented customers */
  partnerCustomersRead: 'partner:customers:read',
  /** the caller's own in-app inbox and notification settings */
  notificationsRead: 'notifications:read',
  /** mark notifications read, change notification settings and marketing consent */
  notificationsWrite: 'notifications:write',
} as const;

/** What a development token carries when `npm run token` is given no --scope. */
export const DEFAULT_SCOPES: Readonly<Record<Exclude<Channel, 'service'>, readonly string[]>> = {
  web: [SCOPES.customerRead, SCOPES.customerWrite, SCOPES.notificationsRead, SCOPES.notificationsWrite],
  mobile: [SCOPES.customerRead, SCOPES.customerWrite, SCOPES.notificationsRead, SCOPES.notificationsWrite],
  // a kiosk is a shared device in a branch: it shows, it does not move money, and a customer's
  // notifications are not for the next person in the queue; freezing a card is the one change it
  // offers (a customer who just missed a card wants it stopped at once, wherever they are)
  kiosk: [SCOPES.customerRead, SCOPES.customerCardsWrite],
  // the call centre's token; campaigns are marketing's (the IdP grants them; for development: --scope)
  staff: [SCOPES.staffCustomersRead],
  partner: [SCOPES.partnerOffersRead, SCOPES.partnerCustomersRead],
};

/** The client name `npm run token` puts in `client_name` when given no --client (partner: the subject, its app id). */
export const DEFAULT_CLIENT_NAMES: Readonly<Record<Exclude<Channel, 'service'>, string>> = {
  web: 'web-app',
  mobile: 'mobile-app',
  kiosk: 'kiosk',
  staff: 'call-centre',
  partner: 'partner-app',
};
