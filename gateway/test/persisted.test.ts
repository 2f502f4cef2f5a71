import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkSafelist, ClientRegistry } from '../src/edge/persisted/clients';
import { OperationList, operationsFromDocument, parseManifest, sha256 } from '../src/edge/persisted/manifest';
import { pqCheck, writeManifests } from '../../scripts/pq-check';
import { tempDir } from '../../scripts/lib/processes';
import { appManifestText, manifestState, persistedManifestCheck } from '../../scripts/lib/app-manifest';

const ROOT = resolve(__dirname, '../..');

describe('manifests', () => {
  const ops = operationsFromDocument(
    `query Home { me { ...Who } }
     fragment Who on Customer { id displayName }
     query Rewards { partners { id } }`,
    'test.graphql',
  );

  it('makes one entry per named operation, with the fragments it uses and its sha256 as id', () => {
    expect(ops.map((o) => o.name)).toEqual(['Home', 'Rewards']);
    expect(ops.at(0)!.body).toContain('fragment Who on Customer');
    expect(ops.at(1)!.body).not.toContain('fragment');
    for (const op of ops) expect(op.id).toBe(sha256(op.body));
  });

  it('refuses anonymous operations', () => {
    expect(() => operationsFromDocument('{ me { id } }', 'x.graphql')).toThrow(/needs a name/);
  });

  it('reads Apollo manifests and { id: text } maps', () => {
    const apollo = parseManifest({ format: 'apollo-persisted-query-manifest', version: 1, operations: ops }, 'a.json');
    expect(apollo).toEqual(ops);
    const relay = parseManifest({ [ops.at(1)!.id]: ops.at(1)!.body }, 'relay.json');
    expect(relay).toEqual([{ id: ops.at(1)!.id, name: 'Rewards', type: 'query', body: ops.at(1)!.body }]);
    expect(() => parseManifest([1, 2], 'bad.json')).toThrow(/bad.json/);
  });

  it('recognizes a registered operation by id, by exact text and by re-formatted text, nothing else', () => {
    const list = new OperationList(ops);
    expect(list.byHash(ops.at(0)!.id)?.name).toBe('Home');
    expect(list.byText(ops.at(0)!.body)?.name).toBe('Home');
    expect(list.byText('query Home{me{...Who}}  fragment Who on Customer{id displayName} # same')?.name).toBe('Home');
    expect(list.byText('query Home { me { ...Who } } fragment Who on Customer { id displayName segment }')).toBeUndefined();
    expect(list.byText('not graphql {')).toBeUndefined();
    expect(list.byHash(sha256('{ me { id } }'))).toBeUndefined();
  });
});

describe('client rules (schema/persisted/clients.json)', () => {
  const registry = ClientRegistry.fromDir(resolve(ROOT, 'schema/persisted'));

  it('kiosk and partner clients enforce their manifests; web does not', () => {
    expect(registry.rulesFor({ channel: 'kiosk', clientName: 'kiosk' }).mode).toBe('enforce');
    expect(registry.rulesFor({ channel: 'partner', clientName: 'partner-app' }).mode).toBe('enforce');
    expect(registry.rulesFor({ channel: 'web', clientName: 'web-app' }).mode).toBe('off');
    expect(registry.rulesFor({ channel: 'kiosk', clientName: 'kiosk' }).operations.size).toBeGreaterThan(0);
  });

  it('the web app enforces the manifest its build extracted in production only (productionMode)', () => {
    const production = ClientRegistry.fromDir(resolve(ROOT, 'schema/persisted'), { production: true });
    const web = production.rulesFor({ channel: 'web', clientName: 'web-app' });
    expect(web.mode).toBe('enforce');
    expect(web.operations.operations.map((o) => o.name)).toEqual(expect.arrayContaining(['WebDashboard', 'WebTransactions', 'WebTransfer']));
    expect(checkSafelist(web, { text: '{ me { id } }' })).not.toEqual({ allowed: true });
    expect(checkSafelist(web, { hash: web.operations.operations[0]!.id })).toMatchObject({ allowed: true });
    // the others have no productionMode: the same either way
    expect(production.rulesFor({ channel: 'mobile', clientName: 'mobile-app' }).mode).toBe('off');
    expect(production.rulesFor({ channel: 'kiosk', clientName: 'kiosk' }).mode).toBe('enforce');
  });

  it('a kiosk or partner token cannot escape its list by naming another client, or none', () => {
    for (const clientName of ['web-app', 'nobody', undefined]) {
      expect(registry.rulesFor({ channel: 'kiosk', clientName }).name).toBe('kiosk');
      expect(registry.rulesFor({ channel: 'partner', clientName }).name).toBe('partner-app');
    }
  });

  it('enforce refuses unknown operations by id and by text; log_unknown only flags them; off lets all through', () => {
    const kiosk = registry.rulesFor({ channel: 'kiosk' });
    const known = kiosk.operations.operations.at(0)!;
    expect(checkSafelist(kiosk, { hash: known.id })).toMatchObject({ allowed: true });
    expect(checkSafelist(kiosk, { text: known.body })).toMatchObject({ allowed: true });
    expect(checkSafelist(kiosk, { hash: sha256('{ me { id } }') })).toEqual({ allowed: false, logOnly: false });
    expect(checkSafelist(kiosk, { text: '{ me { id } }' })).toEqual({ allowed: false, logOnly: false });
    // a registered id with a different text is not the registered operation
    expect(checkSafelist(kiosk, { hash: known.id, text: '{ me { id } }' })).toEqual({ allowed: false, logOnly: false });
    expect(checkSafelist(registry.rulesFor({ channel: 'staff', clientName: 'call-centre' }), { text: '{ me { id } }' })).toEqual({
      allowed: false,
      logOnly: true,
    });
    expect(checkSafelist(registry.rulesFor({ channel: 'web', clientName: 'web-app' }), { text: '{ me { id } }' })).toEqual({ allowed: true });
  });

  it('refuses a configuration whose channel default is not registered for that channel', () => {
    expect(
      () =>
        new ClientRegistry(
          { clients: [{ name: 'w', channels: ['web'], mode: 'off', manifests: [] }], channelDefaults: { kiosk: 'w' }, defaultMode: 'off' },
          () => [],
        ),
    ).toThrow(/not registered for kiosk/);
  });
});

describe('npm run pq:check', () => {
  function copyTree() {
    const dir = tempDir('pq-check-');
    cpSync(resolve(ROOT, 'schema/persisted'), join(dir, 'persisted'), { recursive: true });
    writeFileSync(join(dir, 'supergraph.graphql'), readFileSync(resolve(ROOT, 'schema/supergraph.graphql'), 'utf8'));
    return { persistedDir: join(dir, 'persisted'), supergraphPath: join(dir, 'supergraph.graphql') };
  }

  it('passes on the committed manifests and the current supergraph', () => {
    const result = pqCheck(copyTree());
    expect(result.problems).toEqual([]);
    expect(result.checked).toBeGreaterThanOrEqual(3);
  });

  it('fails, naming the operation, when a schema change renames a field a kiosk operation uses', () => {
    const tree = copyTree();
    const sdl = readFileSync(tree.supergraphPath, 'utf8');
    // renamed: for a client the old field is gone
    const broken = sdl.replace(/(\ntype Account\b[^}]*?\n\s*)maskedNumber: String!/, '$1displayNumber: String!');
    expect(broken).not.toBe(sdl);
    writeFileSync(tree.supergraphPath, broken);
    const result = pqCheck(tree);
    expect(result.problems.some((p) => /kiosk\.json Kiosk\w+: Cannot query field "maskedNumber"/.test(p))).toBe(true);
  });

  it('fails when a manifest is stale against its operations file, and --write fixes it', () => {
    const tree = copyTree();
    const file = join(tree.persistedDir, 'operations/kiosk.graphql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nquery KioskPartner($id: ID!) { partner(id: $id) { id name } }\n`);
    expect(pqCheck(tree).problems).toEqual([expect.stringMatching(/manifests\/kiosk\.json is stale/)]);
    writeManifests(tree);
    expect(pqCheck(tree).problems).toEqual([]);
  });

  it('fails when a registered operation breaks the gateway limits', () => {
    const tree = copyTree();
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: partners { id }`).join(' ');
    writeFileSync(join(tree.persistedDir, 'operations/kiosk.graphql'), `query Wide { ${aliases} }\n`);
    writeManifests(tree);
    expect(pqCheck(tree).problems.join('\n')).toMatch(/Wide: .*[Aa]liases/);
  });
});

describe("the web app's manifest, extracted from its operations (pq:check and the app's build)", () => {
  const documents = [resolve(ROOT, 'apps/web/src/operations/*.graphql')];
  const committed = resolve(ROOT, 'schema/persisted/manifests/web-app.json');

  it('is current: the committed manifest is what the operations give, every one of them in it', async () => {
    expect(await manifestState(committed, documents)).toBe('current');
    const names = parseManifest(JSON.parse(readFileSync(committed, 'utf8')), committed).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['WebDashboard', 'WebTransfer', 'WebOffers']));
  });

  it('stops the build when an operation changed and the manifest was not written again, or is missing', async () => {
    const dir = tempDir('web-manifest-');
    const ops = join(dir, 'operations');
    cpSync(resolve(ROOT, 'apps/web/src/operations'), ops, { recursive: true });
    const manifest = join(dir, 'web-app.json');
    writeFileSync(manifest, await appManifestText([join(ops, '*.graphql')]));
    const plugin = persistedManifestCheck('web', { file: manifest, documents: [join(ops, '*.graphql')] });
    const build = {
      error: (message: string): never => {
        throw new Error(message);
      },
    };
    await expect(plugin.buildStart.call(build)).resolves.toBeUndefined();
    writeFileSync(join(ops, 'extra.graphql'), 'query WebExtra { me { id } }\n');
    await expect(plugin.buildStart.call(build)).rejects.toThrow(/web-app\.json is stale.*pq:check -- --write/);
    expect(await manifestState(join(dir, 'none.json'), [join(ops, '*.graphql')])).toBe('missing');
    // pq:check's --write is the fix
    writeFileSync(manifest, await appManifestText([join(ops, '*.graphql')]));
    await expect(plugin.buildStart.call(build)).resolves.toBeUndefined();
  });
});

describe("the call centre's 360° view (schema/persisted/operations/call-centre.graphql)", () => {
  const registry = ClientRegistry.fromDir(resolve(ROOT, 'schema/persisted'));
  const callCentre = registry.rulesFor({ channel: 'staff', clientName: 'call-centre' });
  const view = callCentre.operations.operations.find((o) => o.name === 'CustomerView');

  it('is registered for the call-centre client, which still runs (and logs) its other operations', () => {
    expect(view).toBeDefined();
    expect(callCentre.mode).toBe('log_unknown');
    expect(checkSafelist(callCentre, { hash: view!.id })).toMatchObject({ allowed: true, operation: { name: 'CustomerView' } });
    // by id from any replica: the APQ cache finds registered operations whatever it holds
    expect(registry.allOperations.byHash(view!.id)?.name).toBe('CustomerView');
  });

  it('is a staff operation outside the staff channel, by id or by text, whatever client the token names', () => {
    for (const channel of ['web', 'mobile', 'kiosk', 'partner'] as const) {
      for (const clientName of ['call-centre', 'web-app', undefined]) {
        expect(registry.isStaffOperationOutsideStaff({ channel, ...(clientName ? { clientName } : {}) }, { hash: view!.id })).toBe(true);
        expect(registry.isStaffOperationOutsideStaff({ channel }, { text: view!.body })).toBe(true);
      }
    }
    expect(registry.isStaffOperationOutsideStaff({ channel: 'staff' }, { hash: view!.id })).toBe(false);
    // the kiosk's own operations, and anything unregistered, are none of this check's business
    const kioskOp = registry.rulesFor({ channel: 'kiosk' }).operations.operations.at(0)!;
    expect(registry.isStaffOperationOutsideStaff({ channel: 'web' }, { text: kioskOp.body })).toBe(false);
    expect(registry.isStaffOperationOutsideStaff({ channel: 'web' }, { text: '{ me { id } }' })).toBe(false);
    expect(registry.isStaffOperationOutsideStaff({ channel: 'web' }, {})).toBe(false);
  });
});
