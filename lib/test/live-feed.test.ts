// The in-process live feed: a subscriber gets what is published to its topic after it subscribed
// (as JSON), nothing of other topics; return() ends it at once, also while a next() waits; a
// subscriber that falls LIVE_FEED_MAX_QUEUED events behind is ended with SUBSCRIPTION_CONSUMER_TOO_SLOW
// instead of buffering; endSubscriptions() completes every subscriber.
import { InProcessLiveFeed } from '../live-feed';
import { describeLiveFeed } from './support/live-feed-cases';

describeLiveFeed('in-process', async () => new InProcessLiveFeed({ maxQueued: 4 }));

describe('in-process live feed only', () => {
  it('reaches only the subscribers of its own process object', async () => {
    const a = new InProcessLiveFeed({});
    const b = new InProcessLiveFeed({});
    const sub = a.subscribe('t');
    await b.publish('t', { n: 1 });
    await a.publish('t', { n: 2 });
    expect(await sub.next()).toEqual({ done: false, value: { n: 2 } });
    await sub.return();
  });
});
