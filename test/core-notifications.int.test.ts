// The core's notifications between the real processes: the simulator books a generated salary run
// (POST /admin/bookings), notifies it as one signed camt.054 entry with a detail per payment, and
// accounts stores it once, one movement per payment, as both sides' counters show. The salary is
// also in what the core answers afterwards (balance and history through the gateway).
import { gql, startStack, webToken, type Stack } from './support/stack';
import { onOwnConnection } from '../scripts/lib/own-connection';
import { sleep } from '../lib/sleep';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

/** The value of one series of a process's /metrics (0 when absent). */
async function series(opsUrl: string, name: string, outcome: string): Promise<number> {
  const { text } = await onOwnConnection(`${opsUrl}/metrics`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (ok(v)) return v;
    await sleep(100);
  }
  throw new Error(`never: ${what}`);
}

interface Booked {
  customerId: string;
  accountId: string;
  entryReference: string;
  txns: { txnId: string; amount: string; direction: string }[];
}

it('a generated salary run lands in accounts once, one movement per payment', async () => {
  let booked: Booked | undefined;
  for (let i = 0; i < 10 && !booked; i++) {
    const res = await onOwnConnection(`${stack.coreUrl}/admin/bookings`, { method: 'POST', body: { kind: 'salary' } });
    if (res.status === 200) booked = res.json<Booked>();
  }
  if (!booked) throw new Error('the simulator booked no salary');
  expect(booked.txns.length).toBeGreaterThanOrEqual(2);
  expect(booked.entryReference).toMatch(/-B-\d{7}$/);

  const details = booked.txns.length;
  await eventually(
    () => series(stack.opsUrls.accounts, 'core_notification_movements_total', 'applied'),
    (n) => n === details,
    'accounts applied the salary',
  );
  // one notification sent by the core, taken once by accounts: nothing duplicate, nothing parked
  expect(await series(stack.opsUrls.core, 'core_simulator_notifications_total', 'sent')).toBe(1);
  expect(await series(stack.opsUrls.accounts, 'core_notifications_total', 'applied')).toBe(1);
  expect(await series(stack.opsUrls.accounts, 'core_notifications_total', 'duplicate')).toBe(0);
  expect(await series(stack.opsUrls.accounts, 'core_notification_movements_total', 'parked')).toBe(0);
  await sleep(500);
  expect(await series(stack.opsUrls.accounts, 'core_notification_movements_total', 'applied')).toBe(details);

  // what the core answers afterwards: the salary's payments on top of the account's history
  const token = await webToken(stack.keysDir, booked.customerId);
  const { body } = await gql(stack.gatewayUrl, `{ me { accounts { id transactions(first: ${details}) { edges { node { id direction } } } } } }`, { token });
  const account = (
    body as { data: { me: { accounts: { id: string; transactions: { edges: { node: { id: string; direction: string } }[] } }[] } } }
  ).data.me.accounts.find((a) => a.id === booked.accountId);
  expect(account?.transactions.edges.map((e) => e.node.id).sort()).toEqual(booked.txns.map((t) => t.txnId).sort());
  expect(account?.transactions.edges.every((e) => e.node.direction === 'CREDIT')).toBe(true);
});
