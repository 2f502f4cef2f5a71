// The bench sums CPU and peak RSS over a gateway's process tree (the primary and its workers in
// multi-process mode): the tree is read from each process's parent pid in /proc.
import { spawn } from 'node:child_process';
import { cpuSeconds, parseParentPid, processTree } from '../lib/proc-stats';

describe('bench: process tree', () => {
  it('reads the parent pid after the command name, whatever the name holds', () => {
    expect(parseParentPid('4242 (node) S 17 4242 17 0 -1 4194560 1 0 0 0 200 100 0 0 20 0 11 0 1 2 3')).toBe(17);
    expect(parseParentPid('4242 (my (odd) name) R 99 4242 17 0')).toBe(99);
  });

  it('finds a child and its grandchild, and counts their CPU with the parent', async () => {
    // a shell that starts a busy grandchild and waits for it
    const child = spawn('sh', ['-c', 'node -e "const t=Date.now(); while (Date.now() - t < 10000) {}" & wait'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      let tree: number[] = [];
      for (let i = 0; i < 100 && tree.length < 2; i++) {
        tree = processTree(pid);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(tree[0]).toBe(pid);
      expect(tree.length).toBeGreaterThanOrEqual(2);
      const [, grandchild = -1] = tree;
      expect(processTree(process.pid)).toEqual(expect.arrayContaining([process.pid, pid, grandchild]));
      // the shell itself only waits: whatever CPU the tree has used beyond it is the grandchild's
      const own = () => cpuSeconds(grandchild);
      let spent = 0;
      for (let i = 0; i < 200 && spent <= 0.05; i++) {
        spent = own();
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(cpuSeconds(pid)).toBeGreaterThanOrEqual(spent);
    } finally {
      // the grandchild first: once the shell is gone it would be nobody's child and keep spinning
      for (const p of processTree(child.pid!).slice(1).reverse()) process.kill(p, 'SIGKILL');
      child.kill('SIGKILL');
    }
  });
});
