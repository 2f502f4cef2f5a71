import type { SubgraphContext } from '../../../../lib/subgraph-server';
import type { MessageStore } from '../db/message-store';
import type { PreferencesStore } from '../db/preferences-store';

export interface EngagementContext extends SubgraphContext {
  /** one clock reading per request: what is visible in the inbox is decided against it */
  now: Date;
  messages: MessageStore;
  preferences: PreferencesStore;
}
