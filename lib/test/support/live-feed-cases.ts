// What every live feed implementation must do (lib/live-feed.ts); each implementation's suite runs
// these against a feed whose subscribers hold at most 4 events.
import { GraphQLError } from 'graphql';
import type { LiveFeed } from '../../live-feed';

export function describeLiveFeed(name: string, open: () => Promise<LiveFeed>, topicPrefix = ''): void {
  describe(`live feed: ${name}`, () => {
    let feed: LiveFeed;
    const t = (topic: string) => `${topicPrefix}${topic}`;
    beforeEach(async () => {
      feed = await open();
    });
    afterEach(async () => feed.close());

    it('delivers what is published to the topic after subscribing, as JSON, in order, and nothing of another topic', async () => {
      const early = t('early');
      await feed.publish(early, { before: true });
      const sub = feed.subscribe(t('c1'));
      const other = feed.subscribe(t('c2'));
      await Promise.all([sub.ready, other.ready]);
      await feed.publish(t('c1'), { n: 1, at: new Date('2025-01-01T00:00:00Z') });
      await feed.publish(t('c1'), { n: 2 });
      expect(await sub.next()).toEqual({ done: false, value: { n: 1, at: '2025-01-01T00:00:00.000Z' } });
      expect(await sub.next()).toEqual({ done: false, value: { n: 2 } });
      await feed.publish(t('c2'), { n: 3 });
      expect(await other.next()).toEqual({ done: false, value: { n: 3 } });
      expect(feed.activeSubscriptions()).toBe(2);
      await sub.return();
      await other.return();
      expect(feed.activeSubscriptions()).toBe(0);
    });

    it('ends a waiting next() when return() is called, and forgets the subscriber', async () => {
      const sub = feed.subscribe(t('c1'));
      await sub.ready;
      const waiting = sub.next();
      await sub.return();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
      expect(await sub.next()).toEqual({ done: true, value: undefined });
      expect(feed.activeSubscriptions()).toBe(0);
      // a later subscriber of the topic still gets its events
      const again = feed.subscribe(t('c1'));
      await again.ready;
      await feed.publish(t('c1'), { n: 9 });
      expect(await again.next()).toEqual({ done: false, value: { n: 9 } });
      await again.return();
    });

    it('ends a subscriber that falls behind with SUBSCRIPTION_CONSUMER_TOO_SLOW; the others go on', async () => {
      const slow = feed.subscribe(t('c1'));
      const fast = feed.subscribe(t('c1'));
      await Promise.all([slow.ready, fast.ready]);
      const got: unknown[] = [];
      const reading = (async () => {
        for await (const v of fast) {
          got.push(v);
          if (got.length === 6) return;
        }
      })();
      for (let n = 1; n <= 6; n++) await feed.publish(t('c1'), { n });
      await reading;
      expect(got).toHaveLength(6);
      const err = await slow.next().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GraphQLError);
      expect((err as GraphQLError).extensions.code).toBe('SUBSCRIPTION_CONSUMER_TOO_SLOW');
      expect(await slow.next()).toEqual({ done: true, value: undefined });
      expect(feed.activeSubscriptions()).toBe(0);
    });

    it('completes every subscriber on endSubscriptions()', async () => {
      const sub = feed.subscribe(t('c1'));
      await sub.ready;
      const waiting = sub.next();
      feed.endSubscriptions();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
      expect(feed.activeSubscriptions()).toBe(0);
    });
  });
}
