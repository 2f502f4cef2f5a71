// One process per embedded store: a second opener is refused, a dead owner's lock is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '../db/data-dir-lock';
import { tempDir } from '../../scripts/lib/processes';

/** What a holder leaves on disk: proper-lockfile's directory and the record of who took it. */
function leftBehind(path: string, owner: { pid: number; host: string }, ageMs = 0): void {
  mkdirSync(`${path}.lock`);
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    utimesSync(`${path}.lock`, then, then);
  }
  writeFileSync(path, JSON.stringify({ ...owner, lockIno: statSync(`${path}.lock`).ino }));
}

describe('embedded store lock', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    const first = lockDataDir(path);
    expect(() => lockDataDir(path)).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.release();
    expect(existsSync(path)).toBe(false);
    lockDataDir(path).release();
  });

  it('takes over a lock whose process is gone', () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path, String(gone));
    const lock = lockDataDir(path);
    expect(existsSync(path)).toBe(true);
    lock.release();
  });

  it('starts at once after a holder was killed, without waiting for its lock to go stale', () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    const killed = spawnSync(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        '-e',
        `require(${JSON.stringify(require.resolve('../db/data-dir-lock'))}).lockDataDir(process.argv[1]); process.kill(process.pid, 'SIGKILL');`,
        path,
      ],
      { encoding: 'utf8' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(`${path}.lock`)).toBe(true);
    lockDataDir(path).release();
  });

  it('takes over the lock of its own pid: a restarted container is pid 1 again', () => {
    const path = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    leftBehind(path, { pid: process.pid, host: hostname() });
    lockDataDir(path).release();
  });

  it("refuses a fresh lock of another host's process, and takes it over once nobody refreshes it", () => {
    const fresh = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    leftBehind(fresh, { pid: 4242, host: 'another-container' });
    expect(() => lockDataDir(fresh)).toThrow(/in use by process 4242/);
    const stale = join(tempDir('corebridge-lock-'), 'loyalty.lock');
    leftBehind(stale, { pid: 4242, host: 'another-container' }, 60_000);
    lockDataDir(stale).release();
  });
});
