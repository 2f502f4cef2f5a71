// One process per embedded store: a second opener is refused, a dead owner's lock is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from '../db/data-dir-lock';
import { tempDir } from '../../scripts/lib/processes';

describe('embedded store lock', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    const first = lockDataDir(path);
    expect(() => lockDataDir(path)).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.release();
    expect(existsSync(path)).toBe(false);
    lockDataDir(path).release();
  });

  it("takes over a lock whose process is gone", () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path, String(gone));
    const lock = lockDataDir(path);
    expect(existsSync(path)).toBe(true);
    lock.release();
  });
});
