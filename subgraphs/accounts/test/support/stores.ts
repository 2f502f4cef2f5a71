// The stores accounts' store suites run on (test/support/temp-stores.ts serviceStores).
import { type OpenedStore, serviceStores } from '../../../../test/support/temp-stores';

export type { OpenedStore };

/** [name, open] pairs for describe.each; `suite` names the schema and the skip message. */
export const accountsStores = (suite: string) => serviceStores('accounts', suite);
