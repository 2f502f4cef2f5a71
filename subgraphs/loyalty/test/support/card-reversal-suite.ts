// The card sink's reversal matching (issue 13, item 4) as one suite, run on PGlite
// (test/security/card-reversal.test.ts) and on PostgreSQL (card-reversal-postgres.int.test.ts):
// a reversal undoes only its own original, on the same card, and never more than is left of it.
// Partial reversals (field 95) take back a proportional share; what is refused moves no money
// and stays on record as UNMATCHED.
import type { Database } from '../../../../lib/db/database';
import { advice, useProgramme } from './programme';
import { POINTS_UNIT } from '../../src/domain/ledger/chart';
import type { CardAdvice } from '../../src/domain/card-advice';

export function cardReversalSuite(name: string, open: () => Promise<Database>, after?: () => Promise<void>): void {
  const p = useProgramme(open, after);
  let n = 0;
  const fresh = () => `SEC-REV-${++n}`;
  const pending = (c: string) => p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c);
  const points = (c: string) => p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c);
  const standing = async (c: string) => ({ cashBack: await pending(c), points: await points(c) });
  const statusOf = async (key: string) => (await p.db.query<{ status: string }>(`SELECT status FROM card_events WHERE event_key = $1`, [key]))[0]?.status;

  /** a reversal of `original`; `replacement` is field 95's amount: what the original stands at after it */
  const reversalOf = (original: CardAdvice, over: Partial<CardAdvice> = {}): CardAdvice =>
    advice({ customerId: original.customerId, kind: 'REVERSAL', originalKey: original.key, amountMinor: original.amountMinor, ...over });

  describe(`a reversal is matched to its original by key, card and amount (${name})`, () => {
    it('moves nothing when the key is right but the card is another customer’s', async () => {
      const victim = fresh();
      const attacker = fresh();
      const purchase = advice({ customerId: victim, amountMinor: 20000n });
      await p.sink.apply(purchase);
      const before = await standing(victim);
      const journals = await p.ledger.journalCount();
      const forged = reversalOf(purchase, { customerId: attacker, cardId: `CARD-${attacker}` });
      expect(await p.sink.apply(forged)).toBe('UNMATCHED');
      expect(await standing(victim)).toEqual(before);
      expect(await standing(attacker)).toEqual({ cashBack: 0n, points: 0n });
      expect(await p.ledger.journalCount()).toBe(journals);
      expect(await statusOf(purchase.key)).toBe('APPLIED');
      expect(await statusOf(forged.key)).toBe('UNMATCHED');
      // its re-send is answered the same way and still moves nothing
      expect(await p.sink.apply({ ...forged, repeat: true })).toBe('UNMATCHED');
      expect(await standing(victim)).toEqual(before);
    });

    it('moves nothing when the same customer’s other card reverses it', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 20000n });
      await p.sink.apply(purchase);
      const before = await standing(c);
      expect(await p.sink.apply(reversalOf(purchase, { cardId: `OTHER-${c}` }))).toBe('UNMATCHED');
      expect(await standing(c)).toEqual(before);
    });

    it('checks the card of a reversal that came before its original when the original arrives', async () => {
      const victim = fresh();
      const attacker = fresh();
      const purchase = advice({ customerId: victim, amountMinor: 15000n });
      const early = reversalOf(purchase, { customerId: attacker, cardId: `CARD-${attacker}` });
      expect(await p.sink.apply(early)).toBe('HELD');
      expect(await p.sink.apply(purchase)).toBe('APPLIED');
      expect(await standing(victim)).toEqual({ cashBack: 150n, points: 150n });
      expect(await statusOf(early.key)).toBe('UNMATCHED');
      expect(await statusOf(purchase.key)).toBe('APPLIED');
    });

    it('takes back exactly the original’s earnings over two partial reversals, and a third does nothing', async () => {
      const c = fresh();
      // 2 % at a restaurant: 333.33 earns 6.66 cash back and 333 points
      const purchase = advice({ customerId: c, amountMinor: 33333n, mcc: '5812' });
      await p.sink.apply(purchase);
      expect(await standing(c)).toEqual({ cashBack: 666n, points: 333n });
      // first: 100.00 of it reversed (field 4 the original amount, field 95 what stands after: 233.33)
      expect(await p.sink.apply(reversalOf(purchase, { replacementAmountMinor: 23333n }))).toBe('APPLIED');
      const mid = await standing(c);
      expect(mid.cashBack).toBeGreaterThan(0n);
      expect(mid.cashBack).toBeLessThan(666n);
      expect(mid.points).toBeGreaterThan(0n);
      expect(mid.points).toBeLessThan(333n);
      // proportional: what stays is what 233.33 of 333.33 earned, rounded down
      expect(mid).toEqual({ cashBack: (666n * 23333n) / 33333n, points: (333n * 23333n) / 33333n });
      // second: the remaining 233.33
      expect(await p.sink.apply(reversalOf(purchase, { amountMinor: 23333n }))).toBe('APPLIED');
      expect(await standing(c)).toEqual({ cashBack: 0n, points: 0n });
      expect(await statusOf(purchase.key)).toBe('REVERSED');
      const journals = await p.ledger.journalCount();
      // a third (a full reversal) finds nothing left
      const third = reversalOf(purchase);
      expect(await p.sink.apply(third)).not.toBe('APPLIED');
      expect(await standing(c)).toEqual({ cashBack: 0n, points: 0n });
      expect(await p.ledger.journalCount()).toBe(journals);
      expect(await p.ledger.balanceOf('PROGRAMME_CASHBACK_SHORTFALL', 'EUR')).toBe(0n);
    });

    it('refuses a reversal of more than is left of the original', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 10000n });
      await p.sink.apply(purchase);
      expect(await p.sink.apply(reversalOf(purchase, { replacementAmountMinor: 6000n }))).toBe('APPLIED');
      const before = await standing(c);
      expect(before).toEqual({ cashBack: 60n, points: 60n });
      const journals = await p.ledger.journalCount();
      // a full reversal of 100.00 when 60.00 is left
      const over = reversalOf(purchase);
      expect(await p.sink.apply(over)).toBe('EXCEEDS_ORIGINAL');
      // more than the original itself
      expect(await p.sink.apply(reversalOf(purchase, { amountMinor: 10001n }))).toBe('EXCEEDS_ORIGINAL');
      expect(await standing(c)).toEqual(before);
      expect(await p.ledger.journalCount()).toBe(journals);
      expect(await statusOf(over.key)).toBe('UNMATCHED');
      expect(await statusOf(purchase.key)).toBe('APPLIED');
    });

    it('lets racing partial reversals together undo at most the original', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 10000n, mcc: '5812' });
      await p.sink.apply(purchase);
      expect(await standing(c)).toEqual({ cashBack: 200n, points: 100n });
      // twelve reversals of 10.00 each race for the 100.00 purchase: ten apply, two find nothing left
      const racing = Array.from({ length: 12 }, () => reversalOf(purchase, { amountMinor: 1000n }));
      const outcomes = await Promise.all(racing.map((r) => p.sink.apply(r)));
      expect(outcomes.filter((o) => o === 'APPLIED')).toHaveLength(10);
      expect(outcomes.filter((o) => o === 'EXCEEDS_ORIGINAL')).toHaveLength(2);
      expect(await standing(c)).toEqual({ cashBack: 0n, points: 0n });
      expect(await statusOf(purchase.key)).toBe('REVERSED');
    });

    it('refuses a reversal in another currency than its original', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 10000n });
      await p.sink.apply(purchase);
      const before = await standing(c);
      expect(await p.sink.apply(reversalOf(purchase, { currency: 'GBP' }))).toBe('UNMATCHED');
      expect(await standing(c)).toEqual(before);
    });
  });
}
