// The CX metrics over GraphQL (docs/cx.md "CX metrics"): staff with staff:cx:read only (the gateway
// checks @requiresScopes; a direct caller is checked here too). The period and segment are checked
// before anything is read; the facts of the period and the one before it are read once, and every
// figure is computed by domain/cx-metrics.ts.
import { appError } from '../../../../lib/errors';
import { isStaffWith, STAFF_CX_READ_SCOPE } from '../../../../lib/access';
import { CampaignInputError, checkSegment } from '../domain/campaign';
import { checkPeriod, cxMetrics, CxInputError, type CxFigures, type CxValueName, type CxWindow, factWindows } from '../domain/cx-metrics';
import type { EngagementContext } from './context';
import type { Resolvers } from './resolvers-types.generated';

/** A domain refusal as the client sees it: its code, the message, and the argument's path. */
function refused<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof CxInputError || err instanceof CampaignInputError) throw appError(err.code, err.message, { argumentName: err.field });
    throw err;
  }
}

const period = (w: CxWindow) => ({ from: w.from.toISOString(), to: w.to.toISOString() });

/** One period's figures with their rounded values, as the schema's CxFigures. */
function figures(f: CxFigures, v: Record<CxValueName, string | null>) {
  return {
    csat: { value: v.csat, ...f.csat },
    nps: { value: v.nps, ...f.nps },
    ces: { mean: v.cesMean, ...f.ces },
    responseRate: { value: v.responseRate, ...f.responseRate },
    firstResponse: {
      count: f.firstResponse.count,
      p50Seconds: v.firstResponseP50Seconds,
      p90Seconds: v.firstResponseP90Seconds,
      meanSeconds: v.firstResponseMeanSeconds,
    },
    handling: {
      count: f.handling.count,
      p50Seconds: v.handlingP50Seconds,
      p90Seconds: v.handlingP90Seconds,
      meanSeconds: v.handlingMeanSeconds,
    },
    selfService: { share: v.selfServiceShare, ...f.selfService },
  };
}

export const cxMetricsResolvers = {
  Query: {
    cxMetrics: async (_, args, ctx) => {
      if (!isStaffWith(ctx.caller, STAFF_CX_READ_SCOPE)) throw appError('FORBIDDEN', 'Only staff with staff:cx:read read the CX metrics.');
      const w = refused(() => checkPeriod(args.period));
      const segment = args.segment ? refused(() => checkSegment(args.segment!, 'segment')) : undefined;
      const channel = args.channel ?? undefined;
      const read = factWindows(w);
      const [contacts, feedback] = await Promise.all([
        ctx.cxFacts.contacts(read.contacts, segment, ctx.now),
        ctx.cxFacts.feedback(read.feedback, segment, ctx.now),
      ]);
      const m = cxMetrics(w, channel, contacts, feedback);
      return {
        period: period(m.period),
        previousPeriod: period(m.previousPeriod),
        channel: channel ?? null,
        current: figures(m.current, m.currentValues),
        previous: figures(m.previous, m.previousValues),
        change: m.change,
      };
    },
  },
} satisfies Resolvers<EngagementContext>;
