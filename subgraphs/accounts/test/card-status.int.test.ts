// freezeCard / unfreezeCard through the accounts subgraph against the simulated core: the caller's
// own card only (another's answers as an unknown one, without a core call), idempotent repeats,
// blocked and expired cards refused, a core fault masked, and the next read showing the new status.
import type { RunningAccounts } from '../src/server';
import { customerCaller, useAccountsSuite, type Harness } from './support/harness';
import { missing, nth } from '../../../test/support/present';
import { resetCoreData, resetCoreFaults, setCoreFaults } from '../../../scripts/lib/core-admin';

const FREEZE = `mutation($id: ID!) { freezeCard(cardId: $id) { id status maskedPan } }`;
const UNFREEZE = `mutation($id: ID!) { unfreezeCard(cardId: $id) { id status maskedPan } }`;
const CARDS = `{ me { cards { id status } } }`;

jest.setTimeout(60000);

let h: Harness;
let accounts: RunningAccounts;

useAccountsSuite((suite) => ({ h, accounts } = suite));

const ds = () => h.core.data.dataset;
const cardsOf = (customerId: string) =>
  ds()
    .customerById.get(customerId)!
    .cards.map((i) => nth(ds().cards, i));
const coreStatus = (cardId: string) => h.core.data.cardStatus(ds().cardById.get(cardId)!);
const setCardCalls = async () => (await h.coreCalls()).SetCardStatus ?? 0;
const write = (id: string) => ({ ...customerCaller(id), scopes: ['customer:read', 'customer:cards:write'] });

async function statusesSeen(customerId: string): Promise<Record<string, string>> {
  const { body } = await h.ask(accounts, customerId, CARDS);
  return Object.fromEntries((body.data.me.cards as Array<{ id: string; status: string }>).map((c) => [c.id, c.status]));
}

afterEach(async () => {
  await resetCoreFaults(h.core.url);
  await resetCoreData(h.core.url);
});

describe('freezeCard / unfreezeCard', () => {
  it("freezes the caller's own card, and the next read of the cards shows it frozen", async () => {
    const card = nth(cardsOf('C-000001'), 0);
    // read first, so the subgraph holds the card list in its cache: the freeze must end that copy
    expect((await statusesSeen('C-000001'))[card.cardId]).toBe('ACTIVE');
    const { body } = await h.ask(accounts, write('C-000001'), FREEZE, { id: card.cardId });
    expect(body.errors).toBeUndefined();
    expect(body.data.freezeCard).toMatchObject({ id: card.cardId, status: 'FROZEN' });
    expect(body.data.freezeCard.maskedPan).toMatch(/^\d{6}\*{6}\d{4}$/);
    expect(coreStatus(card.cardId)).toBe('FROZEN');
    expect((await statusesSeen('C-000001'))[card.cardId]).toBe('FROZEN');

    const back = await h.ask(accounts, write('C-000001'), UNFREEZE, { id: card.cardId });
    expect(back.body.data.unfreezeCard).toMatchObject({ id: card.cardId, status: 'ACTIVE' });
    expect(coreStatus(card.cardId)).toBe('ACTIVE');
    expect((await statusesSeen('C-000001'))[card.cardId]).toBe('ACTIVE');
  });

  it('answers a repeat with the card as it is: freezing a frozen card succeeds and changes nothing', async () => {
    const card = nth(cardsOf('C-000001'), 1);
    const first = await h.ask(accounts, write('C-000001'), FREEZE, { id: card.cardId });
    const again = await h.ask(accounts, write('C-000001'), FREEZE, { id: card.cardId });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.freezeCard).toEqual(first.body.data.freezeCard);
    expect(coreStatus(card.cardId)).toBe('FROZEN');
    // unfreezing an active card is the same kind of repeat
    await h.ask(accounts, write('C-000001'), UNFREEZE, { id: card.cardId });
    const twice = await h.ask(accounts, write('C-000001'), UNFREEZE, { id: card.cardId });
    expect(twice.body.data.unfreezeCard.status).toBe('ACTIVE');
  });

  it("answers another customer's card exactly as an unknown one, CARD_NOT_FOUND, and never asks the core to change it", async () => {
    const theirs = nth(cardsOf('C-000002'), 0);
    await h.resetCoreStats();
    const other = await h.ask(accounts, write('C-000001'), FREEZE, { id: theirs.cardId });
    const unknown = await h.ask(accounts, write('C-000001'), FREEZE, { id: 'K-9999999' });
    expect(other.body.data).toBeNull();
    expect(other.body.errors?.[0]?.extensions?.code).toBe('CARD_NOT_FOUND');
    // same code, same message: nothing tells the two apart
    expect(other.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('CARD_NOT_FOUND');
    expect(await setCardCalls()).toBe(0);
    expect(coreStatus(theirs.cardId)).toBe('ACTIVE');
  });

  it.each(['BLOCKED', 'EXPIRED'] as const)('refuses to freeze or unfreeze a %s card with CARD_NOT_FREEZABLE and leaves it', async (status) => {
    const card = ds().cards.find((c) => c.status === status) ?? missing(`a ${status} card among the harness customers`);
    const holder = nth(ds().customers, card.customer).customerId;
    for (const op of [FREEZE, UNFREEZE]) {
      const { body } = await h.ask(accounts, write(holder), op, { id: card.cardId });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('CARD_NOT_FREEZABLE');
      expect(coreStatus(card.cardId)).toBe(status);
    }
  });

  it('masks a core fault (CORE_ERROR with the registry message) and changes nothing', async () => {
    const card = nth(cardsOf('C-000003'), 0);
    await statusesSeen('C-000003'); // the list comes from the cache: the fault meets SetCardStatus itself
    await setCoreFaults(h.core.url, { errorRate: 1 });
    const { body } = await h.ask(accounts, write('C-000003'), FREEZE, { id: card.cardId });
    await resetCoreFaults(h.core.url);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ message: 'The core banking system reported an error.', extensions: { code: 'CORE_ERROR' } });
    expect(JSON.stringify(body)).not.toMatch(/SYSTEM_ERROR|SetCardStatus|stack/);
    expect(coreStatus(card.cardId)).toBe('ACTIVE');
    expect((await statusesSeen('C-000003'))[card.cardId]).toBe('ACTIVE');
  });

  it('refuses a caller who is not a customer (staff) with FORBIDDEN, before the core', async () => {
    const card = nth(cardsOf('C-000001'), 0);
    await h.resetCoreStats();
    const staff = { subject: 'S-1', channel: 'staff' as const, scopes: ['staff:customers:read'] };
    const { body } = await h.ask(accounts, staff, FREEZE, { id: card.cardId });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await setCardCalls()).toBe(0);
  });
});
