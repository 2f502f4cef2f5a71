// The offers process's settings: defaults that match the other services, and a wrong value stops
// the process naming the variable.
import { ConfigError } from '../../../lib/config';
import { offersConfigFromEnv } from '../src/config';

describe('offers configuration', () => {
  it('defaults to the embedded store, the default service ports and the documented caps', () => {
    expect(offersConfigFromEnv({ DATABASE_URL: '' })).toEqual({
      OFFERS_PORT: 4003,
      OFFERS_HOST: '127.0.0.1',
      DATA_DIR: './data',
      DATABASE_URL: undefined,
      // no Redis: offers serves its event log itself (docs/events.md)
      REDIS_URL: undefined,
      REDIS_KEY_PREFIX: 'corebridge:',
      OFFERS_DB_SCHEMA: 'offers',
      LOYALTY_SERVICE_URL: 'http://127.0.0.1:4002',
      PARTNERS_SERVICE_URL: 'http://127.0.0.1:4004',
      ACCOUNTS_SERVICE_URL: 'http://127.0.0.1:4001',
      // engagement's log, read for ChurnRiskRaised without Redis (unset: this host's engagement port); a new group starts at the head
      ENGAGEMENT_SERVICE_URL: undefined,
      OFFERS_EVENTS_START: 'latest',
      OFFERS_CAP_PER_DAY: 2,
      OFFERS_CAP_PER_WEEK: 5,
      OFFERS_DISPATCH_INTERVAL_MS: 1000,
      OFFERS_SIGNALS_TTL_MS: 300_000,
    });
  });

  it('takes OFFERS_SIGNALS_TTL_MS=0 as "no signal cache"', () => {
    expect(offersConfigFromEnv({ OFFERS_SIGNALS_TTL_MS: '0' }).OFFERS_SIGNALS_TTL_MS).toBe(0);
  });

  it.each([
    ['OFFERS_CAP_PER_DAY', '0'],
    ['OFFERS_DB_SCHEMA', 'Offers; DROP'],
    ['REDIS_URL', 'http://redis:6379'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOYALTY_SERVICE_URL', 'not a url'],
    ['ACCOUNTS_SERVICE_URL', 'not a url'],
    ['ENGAGEMENT_SERVICE_URL', 'not a url'],
    ['OFFERS_EVENTS_START', 'beginning'],
    ['OFFERS_SIGNALS_TTL_MS', '-1'],
    ['OFFERS_SIGNALS_TTL_MS', '1.5'],
  ])('refuses %s=%s naming it', (name, value) => {
    expect(() => offersConfigFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => offersConfigFromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
