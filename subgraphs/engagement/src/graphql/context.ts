import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { LiveFeed } from '../../../../lib/live-feed';
import type { MessageStore } from '../db/message-store';
import type { PreferencesStore } from '../db/preferences-store';
import type { CustomerAccounts } from '../adapters/customer-accounts';
import type { CampaignStore } from '../db/campaign-store';
import type { AudienceSource } from '../domain/segment';

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
}
