import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { LiveFeed } from '../../../../lib/live-feed';
import type { MessageStore } from '../db/message-store';
import type { PreferencesStore } from '../db/preferences-store';
import type { CustomerAccounts } from '../adapters/customer-accounts';
import type { CampaignStore } from '../db/campaign-store';
import type { AudienceSource } from '../domain/segment';
import type { ContactStore } from '../db/contact-store';
import type { StaffReadStore } from '../db/staff-read-store';
import type { StaffPseudonym } from '../domain/staff-pseudonym';
import type { FeedbackStore } from '../db/feedback-store';
import type { FeedbackRequester } from '../adapters/feedback-requests';
import type { ChurnStore } from '../db/churn-store';
import type { CxFactStore } from '../db/cx-facts';

export interface EngagementContext extends SubgraphContext {
  /** one clock reading per request: what is visible in the inbox is decided against it */
  now: Date;
  messages: MessageStore;
  preferences: PreferencesStore;
  /** what Subscription fields read (graphql/live-notifications.ts) */
  live: LiveFeed;
  /** whose account an id is (low-balance alerts on one account) */
  accounts: CustomerAccounts;
  /** staff campaigns (graphql/campaigns.ts) and who a segment names (the customer facts) */
  campaigns: CampaignStore;
  audience: AudienceSource;
  /** contacts with agents and self-service sessions (graphql/contacts.ts) */
  contacts: ContactStore;
  /** staff reads of customers' data (Customer.staffReads), and the agent pseudonym a customer sees */
  staffReads: StaffReadStore;
  pseudonym: StaffPseudonym;
  /** feedback requests (graphql/feedback.ts); the requester notifies a contact's request after its end commits */
  feedback: { store: FeedbackStore; requester: FeedbackRequester };
  /** churn risk scores and the at-risk list (graphql/churn.ts) */
  churn: ChurnStore;
  /** the facts the CX metrics read (graphql/cx-metrics.ts) */
  cxFacts: CxFactStore;
}
