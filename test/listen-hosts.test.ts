// Every process listens where its host variable says (a container binds 0.0.0.0, a host with
// several interfaces the internal one), loopback when unset; a value that is no address stops the
// start naming the variable instead of failing later in listen() or binding somewhere unexpected.
import { ConfigError } from '../lib/config';
import { coreSimulatorConfigFromEnv } from '../core-simulator/src/config';
import { gatewayOptionsFromEnv } from '../gateway/src/config';
import { accountsConfigFromEnv } from '../subgraphs/accounts/src/config';
import { loyaltyConfigFromEnv } from '../subgraphs/loyalty/src/config';
import { offersConfigFromEnv } from '../subgraphs/offers/src/config';
import { engagementConfigFromEnv } from '../subgraphs/engagement/src/config';
import { partnersConfigFromEnv } from '../subgraphs/partners/src/config';

type HostOf = (env: NodeJS.ProcessEnv) => string;

const PROCESSES: Array<[string, string, HostOf]> = [
  ['gateway', 'GATEWAY_HOST', (env) => gatewayOptionsFromEnv(env).host],
  ['gateway operations listener', 'GATEWAY_OPS_HOST', (env) => gatewayOptionsFromEnv(env).opsHost],
  ['accounts', 'ACCOUNTS_HOST', (env) => accountsConfigFromEnv(env).host],
  ['loyalty', 'LOYALTY_HOST', (env) => loyaltyConfigFromEnv(env).LOYALTY_HOST],
  ['loyalty card feed', 'LOYALTY_FEED_HOST', (env) => loyaltyConfigFromEnv(env).LOYALTY_FEED_HOST],
  ['offers', 'OFFERS_HOST', (env) => offersConfigFromEnv(env).OFFERS_HOST],
  ['partners', 'PARTNERS_HOST', (env) => partnersConfigFromEnv(env).PARTNERS_HOST],
  ['core simulator', 'CORE_HOST', (env) => coreSimulatorConfigFromEnv(env).CORE_HOST],
];

describe.each(PROCESSES)('%s listens on %s', (_process, variable, hostOf) => {
  it('127.0.0.1 when unset', () => {
    expect(hostOf({})).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '10.20.0.7', 'fd00::12', 'accounts.corebridge.internal', 'localhost'])('takes %s', (value) => {
    expect(hostOf({ [variable]: value })).toBe(value);
  });

  it.each(['', 'http://0.0.0.0', '0.0.0.0:4001', 'two words', 'bad_host!', '10.0.0.7/24'])('refuses %j naming the variable', (value) => {
    expect(() => hostOf({ [variable]: value })).toThrow(ConfigError);
    expect(() => hostOf({ [variable]: value })).toThrow(new RegExp(`${variable}: `));
  });
});

describe('where the processes call each other is configuration too', () => {
  it('the gateway takes every subgraph URL, the subgraphs every service URL and the core WSDL', () => {
    const remote = (name: string) => `http://${name}.corebridge.internal:8080`;
    const gw = gatewayOptionsFromEnv({
      ACCOUNTS_URL: `${remote('accounts')}/graphql`,
      LOYALTY_URL: `${remote('loyalty')}/graphql`,
      OFFERS_URL: `${remote('offers')}/graphql`,
      PARTNERS_URL: `${remote('partners')}/graphql`,
      PARTNERS_SERVICE_URL: remote('partners'),
    });
    expect(gw.subgraphUrls).toEqual({
      accounts: `${remote('accounts')}/graphql`,
      loyalty: `${remote('loyalty')}/graphql`,
      offers: `${remote('offers')}/graphql`,
      partners: `${remote('partners')}/graphql`,
    });
    expect(gw.partnersServiceUrl).toBe(remote('partners'));
    const core = { CORE_WSDL_URL: 'http://core.bank.internal:9000/core?wsdl' };
    const accounts = accountsConfigFromEnv({ ...core, LOYALTY_SERVICE_URL: remote('loyalty') });
    expect(accounts).toMatchObject({ loyaltyUrl: remote('loyalty'), core: { wsdlUrl: core.CORE_WSDL_URL } });
    expect(loyaltyConfigFromEnv({ PARTNERS_SERVICE_URL: remote('partners'), ACCOUNTS_SERVICE_URL: remote('accounts') })).toMatchObject({
      PARTNERS_SERVICE_URL: remote('partners'),
      ACCOUNTS_SERVICE_URL: remote('accounts'),
    });
    expect(
      offersConfigFromEnv({ LOYALTY_SERVICE_URL: remote('loyalty'), PARTNERS_SERVICE_URL: remote('partners'), ACCOUNTS_SERVICE_URL: remote('accounts') }),
    ).toMatchObject({ LOYALTY_SERVICE_URL: remote('loyalty'), PARTNERS_SERVICE_URL: remote('partners'), ACCOUNTS_SERVICE_URL: remote('accounts') });
    expect(partnersConfigFromEnv({ LOYALTY_SERVICE_URL: remote('loyalty') }).LOYALTY_SERVICE_URL).toBe(remote('loyalty'));
    // engagement reads the producers' event logs there (without REDIS_URL)
    const producers = { ACCOUNTS_SERVICE_URL: remote('accounts'), LOYALTY_SERVICE_URL: remote('loyalty'), OFFERS_SERVICE_URL: remote('offers') };
    expect(engagementConfigFromEnv(producers)).toMatchObject(producers);
  });
});
