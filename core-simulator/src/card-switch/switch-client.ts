// One TCP connection of the card switch to the loyalty card feed: frames out, answers matched
// back to their request by STAN (field 11), first in first out.
import { connect, type Socket } from 'node:net';
import { BINARY_BITMAP, decode, type Dialect, encode, frame, FrameReader, type IsoMessage } from '../../../legacy-adapters/iso8583/src';

type Waiter = { resolve: (m: IsoMessage) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout };

export class SwitchClient {
  private readonly reader = new FrameReader();
  private readonly waiters = new Map<string, Waiter[]>();
  /** answers nobody waited for, and frames that did not decode */
  readonly stray: Array<IsoMessage | Buffer> = [];
  private closedError?: Error;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly dialect: Dialect,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const r of this.reader.push(chunk)) {
        if (r.kind !== 'frame') continue;
        let msg: IsoMessage;
        try {
          msg = decode(r.payload, dialect);
        } catch {
          this.stray.push(r.payload);
          continue;
        }
        const queue = this.waiters.get(msg.fields.get(11) ?? '');
        const w = queue?.shift();
        if (queue && queue.length === 0) this.waiters.delete(msg.fields.get(11) ?? '');
        if (w) {
          if (w.timer) clearTimeout(w.timer);
          w.resolve(msg);
        } else this.stray.push(msg);
      }
    });
    this.closed = new Promise((resolve) => {
      socket.on('error', (err) => (this.closedError = err));
      socket.on('close', () => {
        const err = this.closedError ?? new Error('connection closed');
        for (const queue of this.waiters.values())
          for (const w of queue) {
            if (w.timer) clearTimeout(w.timer);
            w.reject(err);
          }
        this.waiters.clear();
        resolve();
      });
    });
  }

  static connect(host: string, port: number, dialect: Dialect = BINARY_BITMAP, timeoutMs = 5000): Promise<SwitchClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        resolve(new SwitchClient(socket, dialect));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get isOpen(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** Sends a message and resolves with the answer carrying the same STAN. */
  request(msg: IsoMessage, timeoutMs = 10_000): Promise<IsoMessage> {
    return this.sendRaw(frame(encode(msg, this.dialect)), msg.fields.get(11) as string, timeoutMs);
  }

  /** Writes bytes as they are (already framed, or deliberately not); resolves with the answer for `stan`. */
  sendRaw(bytes: Uint8Array, stan: string, timeoutMs = 10_000): Promise<IsoMessage> {
    if (!this.isOpen) return Promise.reject(this.closedError ?? new Error('connection closed'));
    const answer = new Promise<IsoMessage>((resolve, reject) => {
      const w: Waiter = { resolve, reject };
      w.timer = setTimeout(() => {
        const queue = this.waiters.get(stan);
        const i = queue?.indexOf(w) ?? -1;
        if (queue && i >= 0) queue.splice(i, 1);
        reject(new Error(`no answer for STAN ${stan} within ${timeoutMs} ms`));
      }, timeoutMs);
      const queue = this.waiters.get(stan) ?? [];
      queue.push(w);
      this.waiters.set(stan, queue);
    });
    this.socket.write(bytes);
    return answer;
  }

  /** Writes bytes without waiting for anything. */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  close(): Promise<void> {
    this.socket.end();
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
