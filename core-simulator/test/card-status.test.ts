// SetCardStatus in the simulated core: a temporary freeze and its release, idempotent by target
// state; blocked and expired cards stay as they are; another holder's card answers as unknown.
import { buildDataset, type Dataset } from '../src/data/dataset';
import { BusinessError, CoreBank } from '../src/data/ledger';
import type { Card } from '../src/data/types';
import { missing } from '../../test/support/present';

let d: Dataset;
beforeAll(() => {
  d = buildDataset({ seed: 42, customers: 300, anchorDate: '2025-06-30' });
});

const holderOf = (c: Card) => d.customers[c.customer]?.customerId ?? missing(`holder of ${c.cardId}`);
const cardWith = (status: Card['status']) => d.cards.find((c) => c.status === status) ?? missing(`a ${status} card in the dataset`);

function refusal(work: () => unknown): { code: string; ref?: string } {
  try {
    work();
  } catch (err) {
    if (err instanceof BusinessError) return { code: err.code, ref: err.ref };
    throw err;
  }
  throw new Error('expected a BusinessError');
}

describe('CoreBank.setCardStatus', () => {
  it('freezes an active card and releases it, each change once, and answers a repeat unchanged', () => {
    const bank = new CoreBank(d);
    const card = cardWith('ACTIVE');
    const customerId = holderOf(card);
    expect(bank.setCardStatus({ cardId: card.cardId, customerId, target: 'FROZEN' })).toMatchObject({ status: 'FROZEN', changed: true });
    expect(bank.cardStatus(card)).toBe('FROZEN');
    // a resend after a lost answer finds it there: success, nothing changes
    expect(bank.setCardStatus({ cardId: card.cardId, customerId, target: 'FROZEN' })).toMatchObject({ status: 'FROZEN', changed: false });
    expect(bank.setCardStatus({ cardId: card.cardId, customerId, target: 'ACTIVE' })).toMatchObject({ status: 'ACTIVE', changed: true });
    expect(bank.setCardStatus({ cardId: card.cardId, target: 'ACTIVE' })).toMatchObject({ status: 'ACTIVE', changed: false });
    // the seeded record is never touched: a reset brings back the generated bank
    expect(card.status).toBe('ACTIVE');
    bank.setCardStatus({ cardId: card.cardId, target: 'FROZEN' });
    bank.resetState();
    expect(bank.cardStatus(card)).toBe('ACTIVE');
  });

  it.each(['BLOCKED', 'EXPIRED'] as const)('refuses to freeze or release a %s card with CARD_STATUS_CONFLICT and leaves it', (status) => {
    const bank = new CoreBank(d);
    const card = cardWith(status);
    for (const target of ['FROZEN', 'ACTIVE']) {
      expect(refusal(() => bank.setCardStatus({ cardId: card.cardId, customerId: holderOf(card), target }))).toEqual({
        code: 'CARD_STATUS_CONFLICT',
        ref: card.cardId,
      });
      expect(bank.cardStatus(card)).toBe(status);
    }
  });

  it("answers another holder's card, and an unknown one, with CARD_NOT_FOUND and changes nothing", () => {
    const bank = new CoreBank(d);
    const card = cardWith('ACTIVE');
    const other = d.customers.find((c) => c.index !== card.customer) ?? missing('another customer');
    expect(refusal(() => bank.setCardStatus({ cardId: card.cardId, customerId: other.customerId, target: 'FROZEN' })).code).toBe('CARD_NOT_FOUND');
    expect(refusal(() => bank.setCardStatus({ cardId: 'K-NOPE', target: 'FROZEN' })).code).toBe('CARD_NOT_FOUND');
    expect(bank.cardStatus(card)).toBe('ACTIVE');
  });

  it('refuses a request without a card id or with a target it does not offer with INVALID_REQUEST', () => {
    const bank = new CoreBank(d);
    const card = cardWith('ACTIVE');
    expect(refusal(() => bank.setCardStatus({ target: 'FROZEN' })).code).toBe('INVALID_REQUEST');
    // BLOCKED is the bank's final block (lost, stolen): not something a caller sets here
    for (const target of ['BLOCKED', 'EXPIRED', '', undefined]) {
      expect(refusal(() => bank.setCardStatus({ cardId: card.cardId, target })).code).toBe('INVALID_REQUEST');
    }
    expect(bank.cardStatus(card)).toBe('ACTIVE');
  });
});
