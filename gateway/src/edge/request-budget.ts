// Every /graphql request gets one time budget, started when it arrives: GATEWAY_REQUEST_BUDGET_MS,
// or its client's own `requestBudgetMs` in clients.json once admission knows the client. Subgraph
// fetches get what is left of it (transport/subgraph-data-source.ts), and pass it on in
// DEADLINE_HEADER, so a slow core costs a request its budget, not every hop's own timeout.
import { Deadline, MAX_DEADLINE_MS } from '../../../lib/deadline';
import type { RequestState } from './request-state';

export const DEFAULT_REQUEST_BUDGET_MS = 3000;
/** Below this a request could not reach a subgraph and back; above it a subgraph would clamp it. */
export const MIN_REQUEST_BUDGET_MS = 100;
export const MAX_REQUEST_BUDGET_MS = MAX_DEADLINE_MS;

/** (Re)starts the request's deadline from its arrival with `budgetMs`: the default on arrival, the client's once known. */
export function startDeadline(state: RequestState, budgetMs: number): Deadline {
  state.deadline = Deadline.from(state.receivedAt, budgetMs);
  return state.deadline;
}
