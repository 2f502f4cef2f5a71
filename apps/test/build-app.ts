// Builds one app into a temp folder (scripts/build-apps.mjs --out-dir) for the suites that need its
// production build: they do not race each other, or a developer's apps/<name>/dist.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDir } from '../../scripts/lib/processes';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export function buildApp(name: 'web' | 'kiosk'): string {
  const out = join(tempDir(`corebridge-${name}-build-`), 'dist');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/build-apps.mjs'), name, '--out-dir', out], { cwd: REPO_ROOT, stdio: 'pipe' });
  return out;
}
