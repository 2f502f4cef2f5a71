// The card feed: a TCP server the card switch connects to (several connections at once). A
// connection's frames of one card are handled one after the other, in order; frames of different
// cards are handled side by side (up to maxInFlightFrames), so their transactions can share a
// commit; answers are written in the order the frames came. An advice is answered '00' only
// after the sink resolved, i.e. after its entry is durably committed. Admission (a connection cap,
// an idle deadline, a MAC on every message when keyed) comes before anything is read into the
// ledger. See docs/card-feed.md.
import { createServer, type Server, type Socket, type AddressInfo } from 'node:net';
import {
  BINARY_BITMAP,
  checkMandatoryFields,
  decodeLenient,
  type Dialect,
  encode,
  encodeWithMac,
  frame,
  FrameReader,
  hasValidMac,
  Iso8583Error,
  type IsoMessage,
} from '../../../../../legacy-adapters/iso8583/src';
import { trace } from '@opentelemetry/api';
import type { Logger } from '../../../../../lib/logger';
import { inSpan, SpanKind } from '../../../../../lib/tracing';
import { maskPan } from '../../../../../lib/pan-masking';
import type { CardEventSink } from '../../domain/card-advice';
import type { CardDirectory } from './card-directory';
import { ADVICE_KINDS, AdviceFormatError, adviceOf, isPurchase, RESPONSE, responseTo } from './advice-message';

export interface CardFeedOptions {
  /** 0: a free port */
  port: number;
  host?: string;
  sink: CardEventSink;
  cards: CardDirectory;
  log: Logger;
  dialect?: Dialect;
  /** a length header above this means the stream is not framed as we think: the connection closes (default 8192) */
  maxFrameBytes?: number;
  /** frames waiting per connection before it stops reading (back-pressure, default 256) */
  maxQueuedFrames?: number;
  /** frames of one connection handled at once, of different cards (default 32; 1: strictly one after the other) */
  maxInFlightFrames?: number;
  /** how long close() waits for in-flight frames (default 10 s) */
  drainTimeoutMs?: number;
  /** connections served at once; one more is closed at once (default 64) */
  maxConnections?: number;
  /** a connection that completes no accepted message for this long is dropped (default 60 s) */
  idleTimeoutMs?: number;
  /** when set, every message must carry a valid MAC (64/128, legacy-adapters/iso8583 mac.ts) and every answer carries one */
  macKey?: Uint8Array;
  clock?: () => Date;
  /** told of every frame handled: the MTI read (undefined: none could be read) and the response code answered (undefined: no answer) */
  onMessage?: (mti: string | undefined, responseCode: string | undefined) => void;
}

export interface CardFeedStats {
  connections: number;
  frames: number;
  accepted: number;
  duplicates: number;
  held: number;
  echoes: number;
  formatErrors: number;
  unknownCards: number;
  /** advices that are not purchases (processing code other than 00xxxx): acknowledged, earn nothing */
  ignored: number;
  failures: number;
  framingLost: number;
  /** reversals not applied: another card, or more than is left of the original */
  unmatchedReversals: number;
  /** messages refused '63': MAC missing or wrong */
  macRefused: number;
  /** connections closed at once: the cap was reached */
  connectionsRefused: number;
  /** connections dropped: no complete accepted message within the idle time */
  idleDropped: number;
}

/** What handling a frame gave: the answer, and whether the frame was admitted (MAC checked when keyed). */
interface Handled {
  answer?: Buffer;
  admitted: boolean;
}

export interface RunningCardFeed {
  port: number;
  host: string;
  stats(): CardFeedStats;
  /** stops accepting, answers the frames already being handled (for up to drainMs, default drainTimeoutMs), then closes every connection */
  close(drainMs?: number): Promise<void>;
}

/** A frame being handled: its answer is written once every frame before it has been answered. */
interface Slot {
  done: boolean;
  answer?: Buffer;
}

class Connection {
  private readonly reader: FrameReader;
  private readonly queue: Buffer[] = [];
  /** frames started, in arrival order, until their answers are written */
  private readonly started: Slot[] = [];
  /** the last frame started of each card (its lane): the next of that card waits for it */
  private readonly lanes = new Map<string, Promise<void>>();
  private inFlight = 0;
  private closing = false;
  /** drained() callers, told once no frame is being handled and none waits */
  private idleWaiters: Array<() => void> = [];
  /** restarted by every admitted message only: bytes trickling in or refused messages do not keep a connection */
  private readonly deadline: NodeJS.Timeout;

  constructor(
    readonly socket: Socket,
    private readonly feed: CardFeed,
    maxFrameBytes: number,
    private readonly maxQueued: number,
    idleTimeoutMs: number,
    private readonly maxInFlight: number,
  ) {
    this.reader = new FrameReader(0, maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => feed.log.debug({ err: err.message }, 'card switch connection error'));
    this.deadline = setTimeout(() => this.onIdle(), idleTimeoutMs).unref();
    socket.on('close', () => clearTimeout(this.deadline));
  }

  private get working(): boolean {
    return this.inFlight > 0;
  }

  private onIdle(): void {
    // a frame still being handled (a slow store) is our delay, not the peer's
    if (this.working) {
      this.deadline.refresh();
      return;
    }
    this.feed.count('idleDropped');
    this.feed.log.warn({ remote: this.socket.remoteAddress }, 'card feed: no complete message in time, dropping the connection');
    this.closing = true;
    this.queue.length = 0;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    for (const r of this.reader.push(chunk)) {
      if (r.kind === 'bad-length') {
        this.feed.count('framingLost');
        this.feed.log.warn({ length: r.length, remote: this.socket.remoteAddress }, 'card feed: framing lost, closing the connection');
        // answer what was already read, then close: nothing of the broken stream is stored
        this.closing = true;
        this.queue.length = 0;
        void this.drained().then(() => this.socket.end());
        return;
      }
      if (r.payload.length === 0) continue; // keep-alive
      this.queue.push(r.payload);
    }
    if (this.queue.length >= this.maxQueued) this.socket.pause();
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight && !this.socket.destroyed) {
      const payload = this.queue.shift() as Buffer;
      this.inFlight++;
      const slot: Slot = { done: false };
      this.started.push(slot);
      // one card's frames in order (a reversal after its purchase); a frame without a readable card shares one lane
      const lane = this.feed.cardOf(payload);
      const run = (this.lanes.get(lane) ?? Promise.resolve()).then(() => this.handleOne(payload, slot));
      this.lanes.set(lane, run);
      void run.then(() => {
        if (this.lanes.get(lane) === run) this.lanes.delete(lane);
        this.inFlight--;
        this.writeAnswered();
        if (!this.closing && this.socket.isPaused() && this.queue.length < this.maxQueued / 2) this.socket.resume();
        this.pump();
        if (this.inFlight === 0) for (const tell of this.idleWaiters.splice(0)) tell();
      });
    }
  }

  private async handleOne(payload: Buffer, slot: Slot): Promise<void> {
    try {
      // waited behind its card's earlier frame while the connection began closing: never started, never acknowledged
      if (this.socket.destroyed || this.closing) return;
      const handled = await this.feed.handle(payload);
      slot.answer = handled.answer;
      if (handled.admitted) this.deadline.refresh();
    } catch (err) {
      // a bug must not take the process down: no answer, so the switch re-sends
      this.feed.count('failures');
      this.feed.log.error({ err: errorText(err) }, 'card feed: frame handling failed, not acknowledged');
    } finally {
      slot.done = true;
    }
  }

  /** Writes the answers of the frames at the head that are done, in arrival order. */
  private writeAnswered(): void {
    while (this.started[0]?.done) {
      const { answer } = this.started.shift() as Slot;
      if (answer && !this.socket.destroyed && this.socket.writable) this.socket.write(frame(answer));
    }
  }

  /** resolves when no frame is being handled */
  drained(): Promise<void> {
    return this.working ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  /** stop reading; frames not yet started are dropped (never acknowledged, so the switch re-sends them) */
  stopReading(): void {
    this.closing = true;
    this.queue.length = 0;
    this.socket.pause();
  }
}

class CardFeed {
  readonly log: Logger;
  private readonly dialect: Dialect;
  private readonly clock: () => Date;
  readonly counters: CardFeedStats = {
    connections: 0,
    frames: 0,
    accepted: 0,
    duplicates: 0,
    held: 0,
    echoes: 0,
    formatErrors: 0,
    unknownCards: 0,
    ignored: 0,
    failures: 0,
    framingLost: 0,
    unmatchedReversals: 0,
    macRefused: 0,
    connectionsRefused: 0,
    idleDropped: 0,
  };

  constructor(private readonly opts: CardFeedOptions) {
    this.log = opts.log;
    this.dialect = opts.dialect ?? BINARY_BITMAP;
    this.clock = opts.clock ?? (() => new Date());
  }

  count(what: keyof CardFeedStats): void {
    this.counters[what]++;
  }

  /** The frame's card number (field 2), the key its connection orders frames by; '' when none can be read. */
  cardOf(payload: Buffer): string {
    try {
      return decodeLenient(payload, this.dialect).fields.get(2) ?? '';
    } catch {
      return '';
    }
  }

  /** The answer to one frame (already encoded; none when there is nobody to answer), and whether it was admitted. */
  async handle(payload: Buffer): Promise<Handled> {
    this.count('frames');
    const partial = decodeLenient(payload, this.dialect);
    // a message is where a trace starts: ISO 8583 carries no trace context; the card lookup in the
    // core and the ledger posting it causes are this span's children
    return inSpan(
      'card-feed message',
      () => ({ 'iso8583.mti': partial.mti ?? 'unknown' }),
      () => this.handleDecoded(payload, partial),
      {
        kind: SpanKind.SERVER,
      },
    );
  }

  private async handleDecoded(payload: Buffer, partial: ReturnType<typeof decodeLenient>): Promise<Handled> {
    const { mti, fields } = partial;
    let handled: Handled | undefined;
    try {
      if (!partial.error && mti && this.opts.macKey && !hasValidMac(payload, { mti, fields }, this.opts.macKey, this.dialect)) {
        handled = { answer: this.refuseUnauthenticated(mti, fields), admitted: false };
      } else {
        handled = { answer: await this.handleAdmitted(partial), admitted: !this.opts.macKey || !partial.error };
      }
      return handled;
    } finally {
      // answer() tells of the frames it answers; this of the rest, a frame whose handling threw among them
      if (!handled?.answer) this.opts.onMessage?.(mti, undefined);
    }
  }

  /** MAC missing or wrong: answered '63' when the answer can be matched, nothing read further, nothing stored. */
  private refuseUnauthenticated(mti: string, fields: Map<number, string>): Buffer | undefined {
    this.count('macRefused');
    const stan = fields.get(11);
    const answerable = stan !== undefined && Number(mti[2]) % 2 === 0;
    this.log.warn({ mti, stan, answered: answerable }, 'card feed: message authentication failed, nothing stored');
    return answerable ? this.answer(responseTo(mti, fields, RESPONSE.SECURITY_VIOLATION), mti) : undefined;
  }

  private async handleAdmitted(partial: ReturnType<typeof decodeLenient>): Promise<Buffer | undefined> {
    const { mti, fields } = partial;
    let error: Iso8583Error | undefined = partial.error;
    if (!error && mti) {
      try {
        checkMandatoryFields({ mti, fields });
      } catch (err) {
        if (!(err instanceof Iso8583Error)) throw err;
        error = err;
      }
    }
    if (error || !mti) return this.formatError(mti, fields, error?.code ?? 'ISO8583_TRUNCATED', error?.field);
    const msg: IsoMessage = { mti, fields };
    if (mti === '0800') {
      this.count('echoes');
      return this.answer(responseTo(mti, fields, RESPONSE.ACCEPTED), mti);
    }
    if (ADVICE_KINDS[mti]) return this.answer(await this.advice(msg), mti);
    if (Number(mti[2]) % 2 === 1) {
      // a response or acknowledgement sent to us: nothing to answer
      this.log.warn({ mti }, 'card feed: unexpected response message ignored');
      return undefined;
    }
    this.log.warn({ mti, stan: fields.get(11) }, 'card feed: MTI not handled');
    return this.answer(responseTo(mti, fields, RESPONSE.INVALID_TRANSACTION), mti);
  }

  /** `msg` encoded (and signed when keyed): the answer to a `requestMti` message */
  private answer(msg: IsoMessage, requestMti: string): Buffer {
    this.opts.onMessage?.(requestMti, msg.fields.get(39));
    trace.getActiveSpan()?.setAttribute('iso8583.response_code', msg.fields.get(39) ?? 'none');
    // when the switch must sign, so do we: it can tell our answers from anyone else's
    return this.opts.macKey ? encodeWithMac(msg, this.opts.macKey, this.dialect) : encode(msg, this.dialect);
  }

  private formatError(mti: string | undefined, fields: Map<number, string>, code: string, field?: number): Buffer | undefined {
    this.count('formatErrors');
    const stan = fields.get(11);
    // without MTI and STAN the switch could not match an answer: drop the frame, keep the link
    const answerable = mti !== undefined && stan !== undefined && Number(mti[2]) % 2 === 0;
    this.log.warn({ mti, stan, code, field, answered: answerable }, 'card feed: malformed message, nothing stored');
    return answerable ? this.answer(responseTo(mti, fields, RESPONSE.FORMAT_ERROR), mti) : undefined;
  }

  private async advice(msg: IsoMessage): Promise<IsoMessage> {
    const pan = msg.fields.get(2) as string;
    const where = { mti: msg.mti, stan: msg.fields.get(11), card: maskPan(pan) };
    let draft;
    try {
      draft = adviceOf(msg, this.clock());
    } catch (err) {
      if (!(err instanceof AdviceFormatError || err instanceof Iso8583Error)) throw err;
      this.count('formatErrors');
      this.log.warn({ ...where, reason: err.message }, 'card feed: advice refused, nothing stored');
      return responseTo(msg.mti, msg.fields, RESPONSE.FORMAT_ERROR);
    }
    if (!isPurchase(msg)) {
      // cash, refunds, transfers: loyalty has nothing to do with them, and the switch must not re-send
      this.count('ignored');
      this.log.info({ ...where, processingCode: msg.fields.get(3) }, 'card feed: not a purchase, acknowledged without earning');
      return responseTo(msg.mti, msg.fields, RESPONSE.ACCEPTED);
    }
    let owner;
    try {
      owner = await this.opts.cards.lookup(pan);
    } catch (err) {
      this.count('failures');
      this.log.error({ ...where, err: errorText(err) }, 'card feed: card lookup failed, not acknowledged');
      return responseTo(msg.mti, msg.fields, RESPONSE.SYSTEM_MALFUNCTION);
    }
    if (!owner) {
      this.count('unknownCards');
      this.log.warn(where, 'card feed: unknown card, nothing stored');
      return responseTo(msg.mti, msg.fields, RESPONSE.UNKNOWN_CARD);
    }
    try {
      const outcome = await this.opts.sink.apply({ ...draft, customerId: owner.customerId, cardId: owner.cardId });
      if (outcome === 'UNMATCHED' || outcome === 'EXCEEDS_ORIGINAL') {
        this.count('unmatchedReversals');
        this.log.warn({ ...where, key: draft.key, outcome }, 'card feed: reversal not applied, recorded as unmatched');
        return responseTo(msg.mti, msg.fields, outcome === 'UNMATCHED' ? RESPONSE.NO_ORIGINAL : RESPONSE.ORIGINAL_AMOUNT_INCORRECT);
      }
      if (outcome === 'DUPLICATE') this.count('duplicates');
      else if (outcome === 'HELD') this.count('held');
      else this.count('accepted');
      this.log.debug({ ...where, key: draft.key, outcome }, 'card advice stored');
      return responseTo(msg.mti, msg.fields, RESPONSE.ACCEPTED);
    } catch (err) {
      // the sink refuses an advice it can never take (code INVALID_ADVICE): do not make the switch re-send it
      if ((err as { code?: unknown }).code === 'INVALID_ADVICE') {
        this.count('formatErrors');
        this.log.warn({ ...where, err: errorText(err) }, 'card feed: advice refused by the ledger');
        return responseTo(msg.mti, msg.fields, RESPONSE.FORMAT_ERROR);
      }
      this.count('failures');
      this.log.error({ ...where, err: errorText(err) }, 'card feed: storing the advice failed, not acknowledged');
      return responseTo(msg.mti, msg.fields, RESPONSE.SYSTEM_MALFUNCTION);
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export async function startCardFeed(opts: CardFeedOptions): Promise<RunningCardFeed> {
  const feed = new CardFeed(opts);
  const connections = new Set<Connection>();
  const host = opts.host ?? '127.0.0.1';
  let closing = false;
  let closed: Promise<void> | undefined;
  const maxConnections = opts.maxConnections ?? 64;
  const server: Server = createServer((socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    if (connections.size >= maxConnections) {
      feed.count('connectionsRefused');
      opts.log.warn({ remote: socket.remoteAddress, maxConnections }, 'card feed: connection cap reached, connection closed');
      socket.destroy();
      return;
    }
    feed.count('connections');
    socket.setNoDelay(true);
    const conn = new Connection(
      socket,
      feed,
      opts.maxFrameBytes ?? 8192,
      opts.maxQueuedFrames ?? 256,
      opts.idleTimeoutMs ?? 60_000,
      Math.max(1, opts.maxInFlightFrames ?? 32),
    );
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ host, port, maxConnections, mac: opts.macKey ? 'required' : 'off' }, 'card feed listening');
  return {
    port,
    host,
    stats: () => ({ ...feed.counters }),
    close: (drainMs?: number) =>
      (closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((r) => server.close(() => r()));
        for (const c of connections) c.stopReading();
        const drainTimeout = drainMs ?? opts.drainTimeoutMs ?? 10_000;
        await Promise.race([Promise.all([...connections].map((c) => c.drained())), new Promise((r) => setTimeout(r, drainTimeout).unref())]);
        for (const c of connections) c.socket.end();
        // a peer that never closes its side must not hold the shutdown
        const force = setTimeout(() => {
          for (const c of connections) c.socket.destroy();
        }, 1000);
        force.unref();
        await stopped;
        clearTimeout(force);
      })()),
  };
}
