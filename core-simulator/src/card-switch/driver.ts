// The simulated card switch: sends a traffic plan to the card feed at a given rate over one or
// more connections. Every advice stays in the outbox until the feed answers it for good ('00',
// or a decline that re-sending cannot change); after a dropped connection, a '96' or a timeout it
// is sent again as a repeat (x21) once a connection is back.
import { BINARY_BITMAP, type Dialect, type IsoMessage } from '../../../legacy-adapters/iso8583/src';
import { sleep } from '../../../lib/sleep';
import { SwitchClient } from './switch-client';
import { asRepeat, type PlannedMessage } from './traffic';

interface DriverOptions {
  host: string;
  port: number;
  dialect?: Dialect;
  /** new messages per second (re-sends are not paced) */
  ratePerSecond: number;
  /** connections to keep open (default 1) */
  connections?: number;
  /** an answer later than this counts as lost: the message is sent again (default 5000) */
  ackTimeoutMs?: number;
  /** wait between reconnect attempts (default 200) */
  reconnectDelayMs?: number;
  /** give up after this long (default 10 min) */
  maxDurationMs?: number;
  /** progress lines (no PANs) */
  onEvent?: (e: DriverEvent) => void;
}

type DriverEvent =
  | { type: 'connected'; connection: number }
  | { type: 'disconnected'; connection: number; unanswered: number }
  | { type: 'answer'; seq: number; code: string }
  | { type: 'resend'; seq: number; reason: string };

interface DriverReport {
  planned: number;
  sent: number;
  resent: number;
  acknowledged: number;
  /** final declines by response code */
  declined: Record<string, number>;
  /** answer code per planned message */
  codes: string[];
  disconnects: number;
  durationMs: number;
  /** messages never answered for good (only when stopped or timed out) */
  unanswered: number;
}

/**
 * Codes after which re-sending changes nothing: the message is settled. 25 (a reversal that
 * matches no original of that card), 63 (the MAC is missing or wrong) and 64 (a reversal over what
 * is left of its original) are refusals the same bytes would get again.
 */
const FINAL = new Set(['00', '12', '14', '25', '30', '63', '64']);

interface Slot {
  client?: SwitchClient;
  connecting: boolean;
  inFlight: number;
}

export class CardSwitchDriver {
  private readonly dialect: Dialect;
  private readonly slots: Slot[];
  private stopped = false;
  private disconnects = 0;

  constructor(private readonly opts: DriverOptions) {
    this.dialect = opts.dialect ?? BINARY_BITMAP;
    this.slots = Array.from({ length: opts.connections ?? 1 }, () => ({ connecting: false, inFlight: 0 }));
  }

  /** Sends every planned message and resolves once each is answered for good (or stop/timeout). */
  // eslint-disable-next-line max-lines-per-function -- the send loop with its pacing, reconnects and acknowledgement timeouts: one loop, read top to bottom
  async run(plan: readonly PlannedMessage[]): Promise<DriverReport> {
    const started = Date.now();
    const codes: string[] = new Array(plan.length).fill('');
    const outbox: Array<{ m: PlannedMessage; notBefore: number }> = []; // to send again, as repeats
    const retryDelay = this.opts.reconnectDelayMs ?? 200;
    const later = (m: PlannedMessage) => outbox.push({ m, notBefore: Date.now() + retryDelay });
    let next = 0;
    let sent = 0;
    let resent = 0;
    let settled = 0;
    let inFlight = 0;
    const intervalMs = 1000 / this.opts.ratePerSecond;
    let nextDue = Date.now();
    const deadline = started + (this.opts.maxDurationMs ?? 600_000);
    const ackTimeout = this.opts.ackTimeoutMs ?? 5000;

    const dispatch = (slot: Slot, m: PlannedMessage, msg: IsoMessage) => {
      const client = slot.client as SwitchClient;
      slot.inFlight++;
      inFlight++;
      client
        .request(msg, ackTimeout)
        .then(
          (answer) => {
            const code = answer.fields.get(39) ?? '??';
            this.opts.onEvent?.({ type: 'answer', seq: m.seq, code });
            if (FINAL.has(code)) {
              codes[m.seq] = code;
              settled++;
            } else {
              later(m);
              this.opts.onEvent?.({ type: 'resend', seq: m.seq, reason: `code ${code}` });
            }
          },
          (err: Error) => {
            later(m);
            this.opts.onEvent?.({ type: 'resend', seq: m.seq, reason: err.message });
          },
        )
        .finally(() => {
          slot.inFlight--;
          inFlight--;
        });
    };

    while (!this.stopped && settled < plan.length && Date.now() < deadline) {
      this.keepConnected();
      const open = this.slots.filter((s) => s.client?.isOpen);
      if (open.length === 0) {
        await sleep(20);
        continue;
      }
      const slot = open.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      const due = outbox[0];
      if (due && due.notBefore <= Date.now()) {
        outbox.shift();
        resent++;
        dispatch(slot, due.m, asRepeat(due.m.msg));
        continue;
      }
      const planned = plan[next];
      if (planned && Date.now() >= nextDue) {
        next++;
        sent++;
        nextDue = Math.max(nextDue + intervalMs, Date.now() - 1000);
        dispatch(slot, planned, planned.msg);
        continue;
      }
      const wait = next < plan.length ? Math.max(1, Math.min(20, nextDue - Date.now())) : 10;
      await sleep(wait);
    }
    // wait for answers still on the way when stopped early
    const until = Date.now() + 1000;
    while (inFlight > 0 && Date.now() < until) await sleep(10);
    const declined: Record<string, number> = {};
    for (const c of codes) if (c && c !== '00') declined[c] = (declined[c] ?? 0) + 1;
    return {
      planned: plan.length,
      sent,
      resent,
      acknowledged: codes.filter((c) => c === '00').length,
      declined,
      codes,
      disconnects: this.disconnects,
      durationMs: Date.now() - started,
      unanswered: plan.length - settled,
    };
  }

  private keepConnected(): void {
    this.slots.forEach((slot, i) => {
      if (slot.connecting || slot.client?.isOpen) return;
      slot.connecting = true;
      const attempt = async () => {
        while (!this.stopped) {
          try {
            const client = await SwitchClient.connect(this.opts.host, this.opts.port, this.dialect, 2000);
            slot.client = client;
            this.opts.onEvent?.({ type: 'connected', connection: i });
            void client.closed.then(() => {
              this.disconnects++;
              this.opts.onEvent?.({ type: 'disconnected', connection: i, unanswered: slot.inFlight });
            });
            return;
          } catch {
            await sleep(this.opts.reconnectDelayMs ?? 200);
          }
        }
      };
      void attempt().finally(() => (slot.connecting = false));
    });
  }

  stop(): void {
    this.stopped = true;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.slots.flatMap((s) => (s.client ? [s.client.close()] : [])));
  }
}
