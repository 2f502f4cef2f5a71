// Loyalty's series keep bounded labels whatever the switch sends: an MTI the feed does not handle
// is `other`, an unreadable frame `unreadable`, an unanswered one `none`; every journal kind shows
// from the start.
import { Registry } from 'prom-client';
import { LoyaltyMetrics } from '../src/adapters/loyalty-metrics';
import { JOURNAL_KINDS } from '../src/domain/ledger/journal';

async function values(registry: Registry, name: string): Promise<Array<{ labels: Record<string, unknown>; value: number }>> {
  return (await registry.getSingleMetric(name)?.get())?.values.map((v) => ({ labels: { ...v.labels }, value: v.value })) ?? [];
}

describe('LoyaltyMetrics', () => {
  it('counts card-feed messages by the MTI received and the code answered, with bounded labels', async () => {
    const registry = new Registry();
    const metrics = new LoyaltyMetrics(registry);
    metrics.cardFeedMessage('0220', '00');
    metrics.cardFeedMessage('0220', '00');
    metrics.cardFeedMessage('0420', '25');
    metrics.cardFeedMessage('9999', '12');
    metrics.cardFeedMessage('1234', '12');
    metrics.cardFeedMessage(undefined, undefined);
    metrics.cardFeedMessage('0130', undefined);
    expect(await values(registry, 'card_feed_messages_total')).toEqual(
      expect.arrayContaining([
        { labels: { mti: '0220', response_code: '00' }, value: 2 },
        { labels: { mti: '0420', response_code: '25' }, value: 1 },
        { labels: { mti: 'other', response_code: '12' }, value: 2 },
        { labels: { mti: 'unreadable', response_code: 'none' }, value: 1 },
        { labels: { mti: 'other', response_code: 'none' }, value: 1 },
      ]),
    );
    expect(await values(registry, 'card_feed_messages_total')).toHaveLength(5);
  });

  it('shows every journal kind at 0 from the start, and counts what is written', async () => {
    const registry = new Registry();
    const metrics = new LoyaltyMetrics(registry);
    const [kind] = JOURNAL_KINDS;
    metrics.journalPosted(kind);
    const journals = await values(registry, 'ledger_journals_total');
    expect(journals).toHaveLength(JOURNAL_KINDS.length);
    expect(journals.find((j) => j.labels.kind === kind)?.value).toBe(1);
    expect(journals.filter((j) => j.labels.kind !== kind).every((j) => j.value === 0)).toBe(true);
  });
});
