// The subgraph's schema: schema/accounts.graphql (the source of truth) with the account and
// statement resolvers on it.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadSdl } from '../../../../lib/sdl';
import type { StatementService } from '../adapters/core-statements';
import type { AccountsContext } from './context';
import { createResolvers, type ResolverDeps } from './resolvers';
import { createStatementResolvers } from './statement-resolvers';
import { createPreferenceResolvers } from './statement-preference';
import type { StatementPreferences } from '../db/statement-preferences';
import type { EngagementReporter } from '../adapters/engagement-reporter';

export function accountsSchema(
  deps: ResolverDeps & { statements: StatementService; preferences: StatementPreferences; engagementReporter: EngagementReporter },
) {
  const resolvers = mergeResolverMaps<AccountsContext>(createResolvers(deps), createStatementResolvers(deps.statements));
  return {
    typeDefs: loadSdl('accounts'),
    resolvers: mergeResolverMaps<AccountsContext>(resolvers, createPreferenceResolvers(deps.preferences, deps.engagementReporter)),
  };
}

/** Adds `extra`'s fields to `base`, type by type (the accounts map and the statements map share Query and Account). */
function mergeResolverMaps<C>(base: GraphQLResolverMap<C>, extra: GraphQLResolverMap<C>): GraphQLResolverMap<C> {
  const out: GraphQLResolverMap<C> = { ...base };
  for (const [type, fields] of Object.entries(extra)) {
    out[type] = { ...(base[type] as object | undefined), ...(fields as object) };
  }
  return out;
}
