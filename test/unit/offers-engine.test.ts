// The next-best-offer engine without a core: pure signals in, ranked offers out.
import fc from 'fast-check';
import type { AccountType, CoreAccount } from '../../legacy-adapters/soap/src/types';
import { channelHasOffers, nextBestOffers, OfferChannel, OfferSignals, OFFER_CHANNELS } from '../../subgraphs/offers/src/engine';
import { productsHeld, signalsFrom } from '../../subgraphs/offers/src/signals';
import { checkFirst, effectiveChannel } from '../../subgraphs/offers/src/arguments';

const ALL_TYPES: AccountType[] = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'];
/** which product each offer sells, by the rule id at the front of the offer id */
const PRODUCT_OF_RULE: Record<string, AccountType> = { 'savings-account-v1': 'SAVINGS', 'credit-card-v1': 'CARD' };

function signals(held: AccountType[], overrides: Partial<OfferSignals> = {}): OfferSignals {
  return { customerId: 'C-000001', marketingConsent: true, productsHeld: new Set(held), channel: 'WEB', today: '2025-03-15', ...overrides };
}

function account(type: AccountType, status: CoreAccount['status'] = 'ACTIVE', id = `A-${type}`): CoreAccount {
  return {
    accountId: id, customerId: 'C-000001', accountNumber: '1', iban: 'X', type, productCode: type, productName: type,
    currency: 'EUR', status, openedOn: '2020-01-01',
  };
}

describe('offers engine', () => {
  it('makes no offer at all without marketing consent', () => {
    expect(nextBestOffers(signals(['CURRENT'], { marketingConsent: false }), 10)).toEqual([]);
    fc.assert(
      fc.property(fc.subarray(ALL_TYPES), fc.constantFrom(...OFFER_CHANNELS), (held, channel) => {
        expect(nextBestOffers(signals(held, { marketingConsent: false, channel }), 10)).toEqual([]);
      }),
    );
  });

  it('cross-sells what a current-account customer lacks, best first, with a reason naming the signal', () => {
    expect(nextBestOffers(signals(['CURRENT']), 3)).toEqual([
      {
        id: 'savings-account-v1:C-000001',
        kind: 'CROSS_SELL',
        title: 'Open a savings account',
        reason: 'because you have a current account but no savings account',
        expiresAt: '2025-04-14T23:59:59Z',
      },
      {
        id: 'credit-card-v1:C-000001',
        kind: 'CROSS_SELL',
        title: 'Get a credit card',
        reason: 'because you have a current account but no credit card',
        expiresAt: '2025-04-14T23:59:59Z',
      },
    ]);
  });

  it('never offers a product the customer already holds', () => {
    expect(nextBestOffers(signals(['CURRENT', 'SAVINGS', 'CARD', 'LOAN']), 10)).toEqual([]);
    expect(nextBestOffers(signals(['CURRENT', 'SAVINGS']), 10).map((o) => o.id)).toEqual(['credit-card-v1:C-000001']);
    fc.assert(
      fc.property(fc.subarray(ALL_TYPES), fc.constantFrom(...OFFER_CHANNELS), fc.integer({ min: 1, max: 10 }), (held, channel, limit) => {
        for (const offer of nextBestOffers(signals(held, { channel }), limit)) {
          const product = PRODUCT_OF_RULE[offer.id.split(':')[0]];
          expect(product).toBeDefined();
          expect(held).not.toContain(product);
        }
      }),
    );
  });

  it('is deterministic: the same signals in any order give the same offers', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ALL_TYPES), fc.integer({ min: 1, max: 10 }), (held, limit) => {
        const a = nextBestOffers(signals(held), limit);
        const b = nextBestOffers(signals([...held].reverse()), limit);
        expect(b).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('cuts to the limit, keeping the best', () => {
    expect(nextBestOffers(signals([]), 1).map((o) => o.id)).toEqual(['savings-account-v1:C-000001']);
    expect(nextBestOffers(signals([]), 1)[0].reason).toBe('because you have no savings account with us yet');
  });

  it("does not cross-sell the bank's products to partner apps", () => {
    expect(channelHasOffers('PARTNER')).toBe(false);
    expect(nextBestOffers(signals(['CURRENT'], { channel: 'PARTNER' }), 10)).toEqual([]);
    for (const channel of ['WEB', 'MOBILE', 'KIOSK', 'STAFF'] as OfferChannel[]) {
      expect(nextBestOffers(signals(['CURRENT'], { channel }), 10)).toHaveLength(2);
    }
  });
});

describe('signals from core records', () => {
  it('does not count a closed account as a product held', () => {
    expect([...productsHeld([account('CURRENT'), account('SAVINGS', 'CLOSED'), account('CARD', 'BLOCKED')])].sort()).toEqual(['CARD', 'CURRENT']);
    const s = signalsFrom({ customerId: 'C-000001', marketingConsent: true }, [account('CURRENT'), account('SAVINGS', 'CLOSED')], 'WEB', '2025-03-15');
    expect(nextBestOffers(s, 3)[0].reason).toBe('because you have a current account but no savings account');
  });

  it('treats anything but an explicit true as no consent', () => {
    const s = signalsFrom({ customerId: 'C-000001', marketingConsent: undefined as unknown as boolean }, [account('CURRENT')], 'WEB', '2025-03-15');
    expect(s.marketingConsent).toBe(false);
  });
});

describe('offers arguments', () => {
  it('accepts first 1..10 and defaults to 3', () => {
    expect(checkFirst(undefined)).toBe(3);
    expect(checkFirst(null)).toBe(3);
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(10)).toBe(10);
  });

  it.each([0, -1, 11, 1000])('refuses first = %s with BAD_USER_INPUT', (first) => {
    expect(() => checkFirst(first)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('pins partner apps to the PARTNER channel', () => {
    expect(effectiveChannel({ subject: 'app', channel: 'partner', scopes: [] }, 'WEB')).toBe('PARTNER');
    expect(effectiveChannel({ subject: 'C-1', customerId: 'C-1', channel: 'mobile', scopes: [] }, 'KIOSK')).toBe('KIOSK');
    expect(effectiveChannel({ subject: 'C-1', customerId: 'C-1', channel: 'mobile', scopes: [] }, undefined)).toBe('WEB');
  });
});
