// For the multi-process test: two workers under gateway/src/ops/cluster.ts's primary, each broadcasting
// a ping until it has heard from the other, and appending what it hears to CLUSTER_ECHO_FILE.
import { appendFileSync } from 'node:fs';
import cluster from 'node:cluster';
import pino from 'pino';
import { broadcast, onPeerMessage, startPrimary } from '../../src/ops/cluster';

if (cluster.isPrimary) {
  const primary = startPrimary({ workers: 2, log: pino({ level: 'silent' }), metrics: false });
  process.once('SIGTERM', () => void primary.stop().then(() => process.exit(0)));
} else {
  const me = cluster.worker!.id;
  let heard = false;
  onPeerMessage((msg, from) => {
    if (msg.type !== 'ping') return;
    appendFileSync(process.env.CLUSTER_ECHO_FILE!, `worker ${me} heard "${msg.text}" from worker ${from}\n`);
    heard = true;
  });
  // the other worker may not be up yet: keep saying hello until it answers, then a while longer
  let after = 0;
  const timer = setInterval(() => {
    broadcast({ type: 'ping', text: `hello from ${me}` });
    if (heard && ++after > 5) clearInterval(timer);
  }, 100);
  process.once('SIGTERM', () => process.exit(0));
}
