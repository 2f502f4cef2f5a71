// Mutation.setStatementPreference: the customer's own choice of e-statements or paper, recorded in
// accounts' store; a first switch to e-statements is reported to loyalty by the reporter.
import { appError } from '../../../../lib/errors';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { StatementPreferences } from '../db/statement-preferences';
import type { EngagementReporter } from '../adapters/engagement-reporter';
import type { AccountsContext } from './context';
import type { Resolvers } from './resolvers-types.generated';

/** Channels a customer sets their own preferences through; staff and partner apps do not. */
const CUSTOMER_CHANNELS = new Set(['web', 'mobile', 'kiosk']);

export function createPreferenceResolvers(preferences: StatementPreferences, reporter: EngagementReporter): GraphQLResolverMap<AccountsContext> {
  const resolvers = {
    Mutation: {
      setStatementPreference: async (_root, args, ctx) => {
        const customerId = ctx.caller.customerId;
        if (!customerId || !CUSTOMER_CHANNELS.has(ctx.caller.channel)) throw appError('FORBIDDEN', 'Only the customer can choose how they receive statements.');
        const preference = await preferences.set(customerId, args.paperless);
        // sooner than the poller; a failure here leaves the report due, nothing is lost
        if (preference.paperless) void reporter.runOnce().catch((err: Error) => ctx.log.warn({ err: err.message }, 'engagement report pass failed'));
        return preference;
      },
    },
  } satisfies Resolvers<AccountsContext>;
  return resolvers;
}
