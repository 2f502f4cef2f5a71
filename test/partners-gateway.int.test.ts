// Partner consent and partner data minimisation through the gateway (in-process: simulated core,
// accounts, partners, gateway on the real supergraph): a customer grants and revokes through the
// gateway, a partner app reads with its persisted operations only. The manifest comes from
// schema/persisted/operations/partner-app.graphql through the gateway's own pq-check, in a copy of
// schema/persisted (the committed manifest is the gateway team's to regenerate).
import './support/mercurius-under-jest';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { ensureKeyPair, privateKeyOf } from '../lib/keys';
import { createLogger } from '../lib/logger';
import { startCoreSimulator, type RunningCoreSimulator } from '../core-simulator/src/server';
import { startAccounts, type RunningAccounts } from '../subgraphs/accounts/src/server';
import { startPartners, type RunningPartners } from '../subgraphs/partners/src/server';
import { gatewayOptions } from '../gateway/src/config';
import { startGateway, type RunningGateway } from '../gateway/src/server';
import { pqCheck, writeManifests } from '../scripts/pq-check';
import { freePort, ROOT, tempDir } from '../scripts/lib/processes';
import { assertPgliteUsableUnderJest } from './support/pglite-under-jest';

const OPERATIONS_FILE = join(ROOT, 'schema/persisted/operations/partner-app.graphql');
const quiet = (name: string) => createLogger(name, { write: () => undefined });

/** One named operation of the partner-app file, as the app sends it. */
function operation(name: string): string {
  const doc = parse(readFileSync(OPERATIONS_FILE, 'utf8'));
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`no operation ${name} in ${OPERATIONS_FILE}`);
  return print(op);
}

const GRANT = `mutation($p: ID!, $s: [PartnerConsentScope!]!) { grantPartnerConsent(partnerId: $p, scopes: $s) { version scopes } }`;
const REVOKE = `mutation($p: ID!) { revokePartnerConsent(partnerId: $p) { version active } }`;
const MY_CONSENTS = `{ me { id partnerConsents { partner { id name } scopes active version history { version action } } } }`;

describe('partners through the gateway', () => {
  const dir = tempDir('corebridge-partners-gw-');
  const keysDir = join(dir, 'keys');
  const persisted = join(dir, 'persisted');
  let core: RunningCoreSimulator;
  let accounts: RunningAccounts;
  let partners: RunningPartners;
  let gateway: RunningGateway;
  const tokens = { customer: '', other: '', bean: '', skylark: '' };

  async function clientToken(sub: string, claims: Record<string, unknown>): Promise<string> {
    const pair = await ensureKeyPair(keysDir, 'dev-user');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: pair.privateJwk.kid })
      .setSubject(sub)
      .setIssuer('corebridge-dev')
      .setAudience('corebridge')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(await privateKeyOf(pair));
  }

  async function gql(token: string, query: string, variables?: Record<string, unknown>) {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
  }

  const view = (token: string, customerId: string) => gql(token, operation('PartnerCustomerView'), { customerId });

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    cpSync(join(ROOT, 'schema/persisted'), persisted, { recursive: true });
    writeManifests({ persistedDir: persisted });
    core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 20, logger: quiet('core') });
    const coreConfig = { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1, wsdlWaitMs: 5000 };
    accounts = await startAccounts({ port: await freePort(), core: coreConfig, keysDir, log: quiet('accounts') });
    partners = await startPartners({ port: await freePort(), dataDir: join(dir, 'data'), keysDir, core: coreConfig, log: quiet('partners') });
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        keysDir,
        subgraphUrls: { accounts: accounts.url, partners: partners.url },
        persistedDir: persisted,
        rateLimits: false,
        log: quiet('gateway'),
      }),
    );
    const customerScopes = 'customer:read customer:write';
    tokens.customer = await clientToken('C-000001', { channel: 'web', scope: customerScopes, client_name: 'web-app' });
    tokens.other = await clientToken('C-000002', { channel: 'web', scope: customerScopes, client_name: 'web-app' });
    const partnerScopes = 'partner:offers:read partner:customers:read';
    tokens.bean = await clientToken('beanstreet-app', { channel: 'partner', scope: partnerScopes, partner_id: 'P-BEANSTREET', client_name: 'beanstreet-app' });
    tokens.skylark = await clientToken('skylark-loyalty', {
      channel: 'partner',
      scope: partnerScopes,
      partner_id: 'P-SKYLARK',
      client_name: 'skylark-loyalty',
    });
  }, 120000);

  afterAll(async () => {
    await gateway?.close();
    await partners?.close();
    await accounts?.close();
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the partner-app operations validate against the supergraph and the gateway limits', () => {
    const problems = pqCheck({ persistedDir: persisted }).problems.filter((p) => p.includes('partner-app'));
    expect(problems).toEqual([]);
  });

  it('a customer grants; the consenting partner sees exactly the consented fields through its persisted operation', async () => {
    const granted = await gql(tokens.customer, GRANT, { p: 'P-BEANSTREET', s: ['PROFILE_BASIC', 'SPEND_CATEGORIES'] });
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data.grantPartnerConsent).toEqual({ version: 1, scopes: ['PROFILE_BASIC', 'SPEND_CATEGORIES'] });

    const { body } = await view(tokens.bean, 'C-000001');
    expect(body.errors).toBeUndefined();
    const expected = core.data.dataset.customers.find((c) => c.customerId === 'C-000001');
    const seen = body.data.partnerCustomer;
    expect(seen).toMatchObject({
      customerId: 'C-000001',
      scopes: ['PROFILE_BASIC', 'SPEND_CATEGORIES'],
      consentVersion: 1,
      firstName: expected?.fullName.split(' ')[0],
      customerSince: expected?.customerSince,
      loyaltyTier: null,
    });
    expect(seen.topSpendCategories.every((c: string) => /^[A-Z_]+$/.test(c))).toBe(true);
  });

  it('shows the consents to their customer only', async () => {
    const mine = await gql(tokens.customer, MY_CONSENTS);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.me.partnerConsents).toEqual([
      {
        partner: { id: 'P-BEANSTREET', name: 'Bean Street Coffee' },
        scopes: ['PROFILE_BASIC', 'SPEND_CATEGORIES'],
        active: true,
        version: 1,
        history: [{ version: 1, action: 'GRANTED' }],
      },
    ]);
    const theirs = await gql(tokens.other, MY_CONSENTS);
    expect(theirs.body.data.me.partnerConsents).toEqual([]);
  });

  it('another partner and another customer get null; an operation outside the safelist gets no data', async () => {
    expect((await view(tokens.skylark, 'C-000001')).body.data).toEqual({ partnerCustomer: null });
    expect((await view(tokens.bean, 'C-000002')).body.data).toEqual({ partnerCustomer: null });
    const adHoc = await gql(tokens.bean, '{ customer(id: "C-000001") { displayName } }');
    expect(adHoc.body.data?.customer ?? null).toBeNull();
    expect(adHoc.body.errors?.length).toBeGreaterThan(0);
  });

  it('a revocation through the gateway holds on the partner’s next call', async () => {
    const revoked = await gql(tokens.customer, REVOKE, { p: 'P-BEANSTREET' });
    expect(revoked.body.data.revokePartnerConsent).toEqual({ version: 2, active: false });
    expect((await view(tokens.bean, 'C-000001')).body.data).toEqual({ partnerCustomer: null });
  });
});
