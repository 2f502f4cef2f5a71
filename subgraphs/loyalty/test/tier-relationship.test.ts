// The tier standing's account list: from accounts' relationship route (no core call), from
// loyalty's own core read when accounts cannot answer (counted), never from the core for a
// customer accounts says does not exist. Settlement and redemption keep their own core reads.
import { Writable } from 'node:stream';
import { createLogger } from '../../../lib/logger';
import {
  type CustomerRelationship,
  RelationshipNotFoundError,
  RelationshipReader,
  type RelationshipSource,
  RelationshipUnavailableError,
} from '../../../lib/customer-relationship';
import type { CoreAccount } from '../../../legacy-adapters/soap/src';
import type { LoyaltyCore } from '../src/adapters/core';
import { relationshipAccountsPort } from '../src/adapters/relationship';
import { loadRules } from '../src/config';
import { TierService } from '../src/domain/tier-service';
import { nth } from '../../../test/support/present';

const NOW = new Date('2025-03-15T10:00:00Z');
const rules = loadRules();

function setup(mode: { down?: boolean } = {}) {
  let logged = '';
  const log = createLogger('loyalty-test', new Writable({ write: (c: Buffer, _e, done) => ((logged += c.toString()), done()) }));
  const asked: string[] = [];
  const accounts: RelationshipSource = {
    async relationship(customerId) {
      asked.push(customerId);
      if (mode.down) throw new RelationshipUnavailableError('accounts answered 500');
      if (customerId === 'C-UNKNOWN') throw new RelationshipNotFoundError();
      const r: CustomerRelationship = {
        customer: { customerId, customerSince: '2025-03-01', country: 'DE', marketingConsent: true },
        // three active product types: 30 points, SILVER
        accounts: (['CURRENT', 'SAVINGS', 'CARD'] as const).map((type, i) => ({
          accountId: `${customerId}-${i}`,
          type,
          status: 'ACTIVE',
          openedOn: '2025-03-01',
        })),
      };
      return r;
    },
  };
  const coreCalls = { accountsOf: 0, transfer: 0 };
  const core: LoyaltyCore = {
    async accountsOf(customerId) {
      coreCalls.accountsOf++;
      // one product type in the core's answer, so the source shows in the tier
      return [{ accountId: `${customerId}-core`, customerId, type: 'CURRENT', status: 'ACTIVE', openedOn: '2025-03-01' } as CoreAccount];
    },
    async transfer() {
      coreCalls.transfer++;
      throw new Error('not in this test');
    },
    async transferByReference() {
      throw new Error('not in this test');
    },
    async exchangeRates() {
      throw new Error('not in this test');
    },
  };
  const reader = new RelationshipReader({ service: 'loyalty', accounts, log });
  const tiers = new TierService({ rules, core: relationshipAccountsPort(reader, core), recentPurchases: async () => 0, clock: () => NOW, log });
  return { tiers, reader, asked, coreCalls, logged: () => logged };
}

describe('tier standing from the relationship', () => {
  it('takes the account list from accounts and asks the core nothing', async () => {
    const s = setup();
    const standing = await s.tiers.standing('C-000001', 'req-1');
    expect(standing).toMatchObject({ tier: 'SILVER', score: 30, signals: { productTypes: 3 } });
    expect(s.asked).toEqual(['C-000001']);
    expect(s.coreCalls).toEqual({ accountsOf: 0, transfer: 0 });
  });

  it('falls over to the core when accounts cannot answer, and counts and logs it', async () => {
    const s = setup({ down: true });
    const standing = await s.tiers.standing('C-000002');
    expect(standing).toMatchObject({ tier: 'BRONZE', score: 10, signals: { productTypes: 1 } });
    expect(s.coreCalls.accountsOf).toBe(1);
    expect(s.reader.fallbacks).toBe(1);
    expect(s.logged()).toContain('relationship from accounts unavailable');
  });

  it('does not ask the core about a customer accounts does not know; the standing fails as before', async () => {
    const s = setup();
    await expect(s.tiers.standing('C-UNKNOWN')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(s.coreCalls.accountsOf).toBe(0);
    // the card feed's multiplier still never fails: the base tier
    expect(await s.tiers.multiplierFor('C-UNKNOWN')).toBe(nth(rules.tiers, 0).multiplier);
  });

  it("keeps each customer's standing to themselves", async () => {
    const s = setup();
    await s.tiers.standing('C-000001');
    await s.tiers.standing('C-000003');
    await s.tiers.standing('C-000001');
    // the standing cache (10 minutes) is per customer: one read each
    expect(s.asked).toEqual(['C-000001', 'C-000003']);
  });

  it('counts the recent card purchases while accounts answers, not after it', async () => {
    const log = createLogger('loyalty-test', new Writable({ write: (_c, _e, done) => done() }));
    let counted!: () => void;
    const countAsked = new Promise<void>((resolve) => (counted = resolve));
    const order: string[] = [];
    const tiers = new TierService({
      rules,
      // the account list arrives only once the count has been asked: a read one after the other never settles
      core: { accountsOf: async () => (await countAsked, order.push('accounts'), []) },
      recentPurchases: async () => (order.push('count asked'), counted(), 25),
      clock: () => NOW,
      log,
    });
    const standing = await Promise.race([tiers.standing('C-000001'), new Promise((r) => setTimeout(() => r('sequential'), 1000))]);
    expect(standing).toMatchObject({ signals: { recentCardPurchases: 25 } });
    expect(order).toEqual(['count asked', 'accounts']);
  });
});
