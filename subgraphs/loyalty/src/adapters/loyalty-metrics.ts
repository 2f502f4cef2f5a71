// Loyalty's own series beside the core's and the caches': journals the ledger wrote, by kind, and
// card-feed messages by MTI and the response code answered (docs/card-feed.md). Label values
// are bounded: an MTI the feed does not handle counts as "other", whatever the switch sends.
import { Counter, type Registry } from 'prom-client';
import { JOURNAL_KINDS, type JournalKind } from '../domain/ledger/journal';
import { ADVICE_KINDS } from './card-feed/advice-message';

/** The MTIs the feed handles; every other one is labelled `other`, an unreadable one `unreadable`. */
const FEED_MTIS: ReadonlySet<string> = new Set([...Object.keys(ADVICE_KINDS), '0800']);
const RESPONSE_CODE = /^[0-9A-Z]{2}$/;

export function feedMtiLabel(mti: string | undefined): string {
  if (mti === undefined) return 'unreadable';
  return FEED_MTIS.has(mti) ? mti : 'other';
}

export class LoyaltyMetrics {
  private readonly journals: Counter<'kind'>;
  private readonly feedMessages: Counter<'mti' | 'response_code'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.journals = new Counter({
      name: 'ledger_journals_total',
      help: 'Journals the loyalty ledger wrote, by kind (replays of an idempotency key not counted)',
      labelNames: ['kind'],
      registers,
    });
    // every kind shows from the start at 0, so a rate over a quiet kind is 0 rather than absent
    for (const kind of JOURNAL_KINDS) this.journals.inc({ kind }, 0);
    this.feedMessages = new Counter({
      name: 'card_feed_messages_total',
      help: 'ISO 8583 messages the card feed handled, by MTI received and response code answered ("none": not answered)',
      labelNames: ['mti', 'response_code'],
      registers,
    });
  }

  journalPosted(kind: JournalKind): void {
    this.journals.inc({ kind });
  }

  cardFeedMessage(mti: string | undefined, responseCode: string | undefined): void {
    const code = responseCode !== undefined && RESPONSE_CODE.test(responseCode) ? responseCode : 'none';
    this.feedMessages.inc({ mti: feedMtiLabel(mti), response_code: code });
  }
}
