// Non-purchase engagements (e-statements chosen, profile completed): what a report of one is, and
// who may make it. The points reward the fact, so only the system that owns the fact reports it;
// the customer's own word is never enough (issue 13).
import { z } from 'zod';
import { CUSTOMER_ID } from '../../../../lib/customer-id';
import { ENGAGEMENT_KINDS } from './rules';

/** The service identity (internal token subject) that owns both facts: accounts. */
export const ENGAGEMENT_REPORTER = 'svc:accounts';

export const ENGAGEMENT_REPORT = z.object({ customerId: z.string().regex(CUSTOMER_ID), kind: z.enum(ENGAGEMENT_KINDS) }).strict();

export type EngagementReport = z.infer<typeof ENGAGEMENT_REPORT>;

/** Once per customer and kind, whatever the day or the rules then: the ledger refuses a second key. */
export const engagementKey = (r: EngagementReport) => `engagement:${r.customerId}:${r.kind}`;

export const engagementDescription = (r: EngagementReport) =>
  r.kind === 'E_STATEMENTS' ? 'Reward for choosing e-statements' : 'Reward for completing your profile';
