// PGlite is a single-process database: two processes on one data directory would corrupt it, so a
// second opener is refused. The lock is proper-lockfile's (a directory `<lockPath>.lock` whose
// mtime the holder keeps fresh): a lock nobody refreshes goes stale on its own, where a pid alone
// looks alive as soon as a restarted container gets the same pid. `lockPath` itself records who
// holds it, for the refusal's message and to take over at once a lock whose holder is known to be
// gone instead of waiting for it to go stale.
import { readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { lockSync } from 'proper-lockfile';

/** A lock not refreshed for this long is free (proper-lockfile refreshes at half of it). */
const STALE_MS = 10_000;

interface Owner {
  pid: number;
  /** where the pid means something: another host's (or container's) pids are not ours to check */
  host?: string;
  /** inode of the lock directory it took: a takeover removes only the directory this record is about */
  lockIno?: number;
}

/** Locks held by this process: its own pid in a record then means "held here", not a predecessor's. */
const held = new Set<string>();

export interface DirLock {
  release(): void;
}

export function lockDataDir(lockPath: string): DirLock {
  const path = resolve(lockPath);
  if (held.has(path)) throw inUse(lockPath, { pid: process.pid });
  let unlock: () => void;
  try {
    unlock = take(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const owner = ownerOf(path);
    if (!owner || !holderGone(path, owner)) throw inUse(lockPath, owner);
    rmSync(lockDir(path), { recursive: true, force: true });
    try {
      unlock = take(path);
    } catch (again) {
      // another starting process took it over first
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw inUse(lockPath, ownerOf(path));
      throw again;
    }
  }
  held.add(path);
  const owner: Owner = { pid: process.pid, host: hostname(), lockIno: statSync(lockDir(path)).ino };
  writeFileSync(path, JSON.stringify(owner), { mode: 0o600 });
  let holding = true;
  return {
    release: () => {
      if (!holding) return;
      holding = false;
      held.delete(path);
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
      try {
        unlock();
      } catch {
        /* compromised or removed: nothing of ours is left to free */
      }
    },
  };
}

function take(path: string): () => void {
  return lockSync(path, { stale: STALE_MS, realpath: false });
}

function lockDir(path: string): string {
  return `${path}.lock`;
}

function inUse(lockPath: string, owner: Owner | undefined): Error {
  const who = owner ? `process ${owner.pid}` : 'another process';
  return new Error(`the embedded store is in use by ${who} (${lockPath}); run one loyalty process per DATA_DIR, or set DATABASE_URL`);
}

/** The record of a holder; a bare pid is what the lock of earlier versions held. */
function ownerOf(path: string): Owner | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed === 'number') return Number.isSafeInteger(parsed) && parsed > 0 ? { pid: parsed } : undefined;
  const o = parsed as Partial<Owner> | null;
  if (!o || typeof o.pid !== 'number' || !Number.isSafeInteger(o.pid) || o.pid <= 0) return undefined;
  return {
    pid: o.pid,
    ...(typeof o.host === 'string' ? { host: o.host } : {}),
    ...(typeof o.lockIno === 'number' ? { lockIno: o.lockIno } : {}),
  };
}

/**
 * The holder is gone for sure, so its lock need not go stale first: it ran on this host and either
 * no process has its pid any more, or the pid is ours (this process holds no such lock, see
 * lockDataDir: the record is this container's previous life, pid 1 again after a restart). The
 * record must be about the lock directory there now, not one a newer holder made before writing
 * its own record.
 */
function holderGone(path: string, owner: Owner): boolean {
  if (owner.host !== hostname() || owner.lockIno === undefined) return false;
  let ino: number;
  try {
    ino = statSync(lockDir(path)).ino;
  } catch {
    return false;
  }
  if (ino !== owner.lockIno) return false;
  return owner.pid === process.pid || !alive(owner.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
