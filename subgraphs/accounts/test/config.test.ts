// The accounts process's settings: the same defaults as before they moved here, and a wrong value
// stops the process naming the variable.
import path from 'node:path';
import { ConfigError } from '../../../lib/config';
import { accountsConfigFromEnv } from '../src/config';

describe('accounts configuration', () => {
  it('defaults to port 4001 (/metrics on 5001), a 30 s cache (5 min for the recent activity), the local core and its statements beside it, its store under ./data, loyalty on 4002', () => {
    const cfg = accountsConfigFromEnv({});
    expect(cfg).toEqual({
      port: 4001,
      host: '127.0.0.1',
      opsPort: 5001,
      cacheTtlMs: 30_000,
      activityTtlMs: 300_000,
      recentActivity: true,
      core: expect.objectContaining({ wsdlUrl: 'http://127.0.0.1:8081/core?wsdl', batching: true }),
      statementsUrl: 'http://127.0.0.1:8081/statements',
      keysDir: path.resolve('data', 'keys'),
      dataDir: './data',
      dbSchema: 'accounts',
      loyaltyUrl: 'http://127.0.0.1:4002',
      redisKeyPrefix: 'corebridge:',
    });
  });

  it('publishes its events to Redis with REDIS_URL (an empty one: its own log), and refuses a URL that is not Redis', () => {
    expect(accountsConfigFromEnv({ REDIS_URL: 'redis://cache:6379', REDIS_KEY_PREFIX: 'bank:' })).toMatchObject({
      redisUrl: 'redis://cache:6379',
      redisKeyPrefix: 'bank:',
    });
    expect(accountsConfigFromEnv({ REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(() => accountsConfigFromEnv({ REDIS_URL: 'http://cache:6379' })).toThrow('REDIS_URL');
  });

  it('takes ACCOUNTS_CACHE_TTL_MS=0 and ACCOUNTS_ACTIVITY_TTL_MS=0 as "no cache", CORE_BATCHING=off as the naive baseline, and KEYS_DIR', () => {
    const cfg = accountsConfigFromEnv({
      ACCOUNTS_CACHE_TTL_MS: '0',
      ACCOUNTS_ACTIVITY_TTL_MS: '0',
      CORE_BATCHING: 'off',
      ACCOUNTS_PORT: '0',
      KEYS_DIR: '/run/keys',
    });
    expect(cfg).toMatchObject({ cacheTtlMs: 0, activityTtlMs: 0, port: 0, keysDir: '/run/keys', core: { batching: false } });
  });

  it('serves /metrics on ACCOUNTS_OPS_PORT, never on the public port', () => {
    expect(accountsConfigFromEnv({ ACCOUNTS_PORT: '4101' }).opsPort).toBe(5101);
    expect(accountsConfigFromEnv({ ACCOUNTS_OPS_PORT: '9101' }).opsPort).toBe(9101);
    expect(accountsConfigFromEnv({ ACCOUNTS_PORT: '0' }).opsPort).toBe(0);
    expect(() => accountsConfigFromEnv({ ACCOUNTS_PORT: '4101', ACCOUNTS_OPS_PORT: '4101' })).toThrow('ACCOUNTS_OPS_PORT');
  });

  describe('statements URL', () => {
    const statementsUrl = (env: NodeJS.ProcessEnv) => accountsConfigFromEnv(env).statementsUrl;
    it('comes from CORE_STATEMENTS_URL, else sits beside the core SOAP path; a bad value stops the start', () => {
      expect(statementsUrl({ CORE_WSDL_URL: 'http://127.0.0.1:8081/core?wsdl' })).toBe('http://127.0.0.1:8081/statements');
      expect(statementsUrl({ CORE_WSDL_URL: 'https://core.bank.example/legacy/core?wsdl' })).toBe('https://core.bank.example/legacy/statements');
      expect(statementsUrl({ CORE_WSDL_URL: 'http://x/core?wsdl', CORE_STATEMENTS_URL: 'http://files.example:9000/eod/' })).toBe(
        'http://files.example:9000/eod',
      );
      expect(() => statementsUrl({ CORE_WSDL_URL: 'http://x/core?wsdl', CORE_STATEMENTS_URL: 'not a url' })).toThrow(/CORE_STATEMENTS_URL/);
    });
  });

  it.each([
    ['ACCOUNTS_PORT', '70000'],
    ['ACCOUNTS_PORT', 'http'],
    ['ACCOUNTS_CACHE_TTL_MS', '-1'],
    ['ACCOUNTS_CACHE_TTL_MS', '1.5'],
    ['ACCOUNTS_CACHE_TTL_MS', '3600001'],
    ['CORE_STATEMENTS_URL', 'not a url'],
    ['CORE_STATEMENTS_URL', ''],
    ['CORE_BATCHING', 'maybe'],
    ['CORE_WSDL_URL', 'not a url'],
  ])('refuses %s=%s naming it', (name, value) => {
    expect(() => accountsConfigFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => accountsConfigFromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
