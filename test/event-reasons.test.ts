// PointsChanged.reason is a loyalty journal kind (subgraphs/loyalty/src/db/ledger/points-events.ts),
// a free string in the catalogue: a consumer matching a reason loyalty never writes compiles and
// silently never fires (engagement once waited for 'REDEMPTION'). The reasons consumers match are
// held against loyalty's kinds here, the one place that sees both services.
import { JOURNAL_KINDS } from '../subgraphs/loyalty/src/domain/ledger/journal';
import { REDEMPTION_REASON } from '../subgraphs/engagement/src/adapters/event-consumer';

describe('PointsChanged reasons consumers match', () => {
  it("engagement's redemption moment is loyalty's redemption journal kind", () => {
    expect(JOURNAL_KINDS).toContain(REDEMPTION_REASON);
    expect(REDEMPTION_REASON).toBe('POINTS_REDEEMED');
  });
});
