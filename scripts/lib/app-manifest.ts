// A browser app's persisted-query manifest, extracted from its operation documents by
// @apollo/generate-persisted-query-manifest (the ids are the sha256 of each operation as Apollo
// Client sends it, __typename added). `npm run pq:check -- --write` writes it into
// schema/persisted/manifests/, where it is reviewed like code and loaded by the gateway; the app's
// build extracts it again and refuses to build against a committed copy that differs, so an app
// never ships operations its gateway would refuse in production (`enforce` mode).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Manifests extracted from an app's own operations (globs from the repository root), relative to the persisted dir. */
export const APP_MANIFESTS: ReadonlyArray<{ app: string; manifest: string; documents: string[] }> = [
  { app: 'web', manifest: 'manifests/web-app.json', documents: ['apps/web/src/operations/*.graphql'] },
];

/** The manifest's file text for these documents (globs), as written to schema/persisted/manifests/. */
export async function appManifestText(documents: string[]): Promise<string> {
  const { generatePersistedQueryManifest } = await import('@apollo/generate-persisted-query-manifest');
  const manifest = await generatePersistedQueryManifest({ documents }, undefined);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Whether the committed manifest at `file` is the one extracted from `documents`. */
export async function manifestState(file: string, documents: string[]): Promise<'current' | 'stale' | 'missing'> {
  let committed: string;
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    return 'missing';
  }
  return committed === (await appManifestText(documents)) ? 'current' : 'stale';
}

/**
 * A Vite plugin: the build stops when the app's committed manifest is not its operations' own. By
 * default the app's entry of APP_MANIFESTS, in the repository's schema/persisted.
 */
export function persistedManifestCheck(
  app: string,
  where: { file: string; documents: string[] } = appManifestFiles(app),
): { name: string; apply: 'build'; buildStart(this: { error(message: string): never }): Promise<void> } {
  const { file, documents } = where;
  return {
    name: 'corebridge-persisted-manifest',
    apply: 'build',
    async buildStart() {
      const state = await manifestState(file, documents);
      if (state !== 'current') this.error(`${file} is ${state}: it is not the manifest of ${documents.join(', ')} (run \`npm run pq:check -- --write\`)`);
    },
  };
}

/** An app's committed manifest and its operation documents, as absolute paths in this repository. */
function appManifestFiles(app: string): { file: string; documents: string[] } {
  const entry = APP_MANIFESTS.find((m) => m.app === app);
  if (!entry) throw new Error(`${app} has no entry in APP_MANIFESTS (scripts/lib/app-manifest.ts)`);
  const root = resolve(__dirname, '../..');
  return { file: join(root, 'schema/persisted', entry.manifest), documents: entry.documents.map((g) => join(root, g)) };
}
