// Card-feed messages for whole-stack tests, as the card switch sends them (core-simulator/src/card-switch).
import type { IsoMessage } from '../../legacy-adapters/iso8583/src';
import { SwitchClient } from '../../core-simulator/src/card-switch/switch-client';
import { asciiName, fetchCards, transmissionOf } from '../../core-simulator/src/card-switch/traffic';

/** A financial advice (0220) for a 42.50 EUR grocery purchase on `pan`; `stan` keeps each test's messages apart. */
export function purchaseAdvice(pan: string, stan: number): IsoMessage {
  return {
    mti: '0220',
    fields: new Map<number, string>([
      [2, pan],
      [3, '000000'],
      [4, '000000004250'],
      [7, transmissionOf(new Date())],
      [11, String(stan)],
      [18, '5411'],
      [32, '400777'],
      [37, `TESTRR${String(stan).padStart(6, '0')}`],
      [42, 'GROCER-TESTS   '],
      [43, asciiName('Test Grocer')],
      [49, '978'],
    ]),
  };
}

/** Sends `purchaseAdvice` for `customerId`'s first active card to the stack's card feed, as the switch would; the answer and the card. */
export async function purchaseThroughFeed(
  stack: { coreUrl: string; cardFeedPort: number },
  customerId: string,
  stan: number,
): Promise<{ answer: IsoMessage; pan: string }> {
  const [card] = await fetchCards(stack.coreUrl, [customerId]);
  if (!card) throw new Error(`${customerId} has no card`);
  const feed = await SwitchClient.connect('127.0.0.1', stack.cardFeedPort);
  try {
    return { answer: await feed.request(purchaseAdvice(card.pan, stan)), pan: card.pan };
  } finally {
    await feed.close();
  }
}
