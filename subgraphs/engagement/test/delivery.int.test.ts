// Delivery over real protocols, the store PGlite and PostgreSQL (when DATABASE_URL is set): a message
// decided for email reaches a real SMTP server (smtp-server on a free port) with its subject and text
// in English and Persian (dir="rtl"), a refused mailbox is given up on; SMS and push reach an HTTP
// webhook, signed, retried after a 503 and given up on after a 400; and the process started with the
// settings runs the dispatcher for the configured channels only.
import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { verifyNotification } from '../../../legacy-adapters/iso20022/src';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { DeliveryDispatcher } from '../src/adapters/delivery-dispatcher';
import { EmailProvider } from '../src/adapters/email-provider';
import { WebhookProvider, WEBHOOK_SIGNATURE_HEADER, type WebhookBody } from '../src/adapters/webhook-provider';
import { DevelopmentContactDirectory } from '../src/adapters/contact-directory';
import { channelProviders } from '../src/adapters/channel-providers';
import { engagementConfigFromEnv } from '../src/config';
import { startEngagement } from '../src/server';
import type { Trigger } from '../src/domain/triggers';
import { DELIVERY_STORES, DeliveryHarness } from './support/delivery-harness';

const SECRET = 'a-webhook-secret-of-some-length';

// ---- a received email, decoded just enough: RFC 2047 subject, quoted-printable / base64 parts ----

interface Received {
  to: string[];
  raw: string;
}

function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, x: string) => String.fromCharCode(parseInt(x, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function headerOf(block: string, name: string): string | undefined {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim();
}

function decodeBody(headers: string, body: string): string {
  const cte = headerOf(headers, 'Content-Transfer-Encoding')?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_h, x: string) => String.fromCharCode(parseInt(x, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parseEmail(raw: string): { subject: string; text: string; html: string; messageId?: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1];
  const parts = (boundary ? raw.slice(split + 4).split(`--${boundary}`) : [])
    .map((p) => p.replace(/^\r\n/, ''))
    .filter((p) => p.includes('\r\n\r\n'))
    .map((p) => {
      const at = p.indexOf('\r\n\r\n');
      const h = p.slice(0, at);
      return { type: headerOf(h, 'Content-Type') ?? '', body: decodeBody(h, p.slice(at + 4)) };
    });
  return {
    subject: decodeWords(headerOf(head, 'Subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.body ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.body ?? '',
    ...(headerOf(head, 'Message-ID') ? { messageId: headerOf(head, 'Message-ID') } : {}),
  };
}

// ---- local servers ----

let smtp: SMTPServer;
let smtpPort = 0;
const mailbox: Received[] = [];

let webhook: Server;
let webhookUrl = '';
/** statuses the webhook answers with, in order; 204 when the script is empty */
const script: number[] = [];
const calls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    // plain SMTP on loopback: no certificate for STARTTLS in the test
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      // a mailbox that does not exist: a permanent 550
      if (address.address.startsWith('bounce')) return cb(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mailbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = script.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/notify`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
});

describe.each(DELIVERY_STORES)('delivery over SMTP and webhooks on %s', (_name, open) => {
  const h = new DeliveryHarness(open);
  const contacts = new DevelopmentContactDirectory('customers.example');

  beforeEach(() => {
    mailbox.length = 0;
    calls.length = 0;
    script.length = 0;
  });

  it('queues email with the decision and sends it over SMTP, in English and in Persian (rtl)', async () => {
    const email = new EmailProvider({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Corebridge <notifications@corebridge.example>', contacts });
    const dispatcher = new DeliveryDispatcher(h.outbox, [email]);
    const engine = h.engineFor(dispatcher);
    try {
      await h.prefs.change('mail-en', { kind: 'LOCALE', locale: 'en' }, 'test');
      await h.prefs.change('mail-fa', { kind: 'LOCALE', locale: 'fa' }, 'test');
      const en = h.alert('mail-en');
      const fa = h.alert('mail-fa');
      const handled = await engine.handle(en);
      await engine.handle(fa);
      // no longer CHANNEL_UNAVAILABLE: the decision is SENT and the row waits in the h.outbox
      expect(handled.decisions.find((d) => d.channel === 'EMAIL')).toEqual({ channel: 'EMAIL', outcome: 'SENT', deliverAt: h.clock() });
      expect(mailbox).toHaveLength(0);
      expect(await h.outbox.state(en.id, 'EMAIL')).toEqual({ attempts: 0, delivered: false, failed: false });

      expect(await dispatcher.runOnce()).toBe(2);
      expect(mailbox.map((m) => m.to)).toEqual([['mail-en@customers.example'], ['mail-fa@customers.example']]);
      const [mailEn, mailFa] = mailbox.map((m) => parseEmail(m.raw));
      expect(mailEn?.subject).toBe('Was this you?');
      expect(mailEn?.text).toContain('Your card ending 4242 was used for €1,234.56.');
      expect(mailEn?.html).toContain('<html lang="en" dir="ltr">');
      expect(mailEn?.messageId).toContain(en.id);
      expect(mailFa?.subject).toBe('آیا این شما بودید؟');
      expect(mailFa?.text).toContain('با کارت شما');
      expect(mailFa?.text).toContain('۴۲۴۲');
      expect(mailFa?.text).not.toMatch(/[0-9]/);
      expect(mailFa?.html).toContain('<html lang="fa" dir="rtl">');

      expect((await h.messages.attempts(en.id)).filter((a) => a.channel === 'EMAIL')).toEqual([{ channel: 'EMAIL', outcome: 'DELIVERED' }]);
      expect(await h.outbox.state(fa.id, 'EMAIL')).toEqual({ attempts: 1, delivered: true, failed: false });
      // a second pass finds nothing due: each message is sent once
      expect(await dispatcher.runOnce()).toBe(0);
      expect(mailbox).toHaveLength(2);
    } finally {
      await dispatcher.stop();
    }
  });

  it('gives up on a mailbox the SMTP server refuses (5xx) and retries when the server is unreachable', async () => {
    const refused = new EmailProvider({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'notifications@corebridge.example', contacts });
    const dispatcher = new DeliveryDispatcher(h.outbox, [refused]);
    const bounce = h.alert('bounce-1');
    try {
      await h.engineFor(dispatcher).handle(bounce);
      expect(await dispatcher.runOnce()).toBe(0);
      expect(await h.outbox.state(bounce.id, 'EMAIL')).toEqual({ attempts: 1, delivered: false, failed: true, lastError: 'smtp-550' });
    } finally {
      await dispatcher.stop();
    }

    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const down = new DeliveryDispatcher(h.outbox, [new EmailProvider({ smtpUrl: `smtp://127.0.0.1:${closedPort}`, from: 'n@corebridge.example', contacts })]);
    const later = h.alert('mail-down');
    try {
      await h.engineFor(down).handle(later);
      await down.runOnce();
      const state = await h.outbox.state(later.id, 'EMAIL');
      expect(state).toMatchObject({ attempts: 1, delivered: false, failed: false });
      expect(state?.lastError).toMatch(/^[A-Z]+$/);
    } finally {
      await down.stop();
    }
  });

  it('posts SMS and push to the webhook, signed; retries after a 503 with backoff, gives up on a 400', async () => {
    const sms = new WebhookProvider({ channel: 'SMS', url: webhookUrl, secret: SECRET, contacts });
    const push = new WebhookProvider({ channel: 'PUSH', url: webhookUrl, secret: SECRET, contacts });
    const dispatcher = new DeliveryDispatcher(h.outbox, [push, sms], { baseBackoffMs: 30_000 });
    const engine = h.engineFor(dispatcher);
    try {
      const t = h.alert('hook-1');
      await engine.handle(t);
      script.push(503, 400); // push answered 503, SMS 400
      expect(await dispatcher.runOnce()).toBe(0);
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        expect(verifyNotification(call.body, call.headers[WEBHOOK_SIGNATURE_HEADER], SECRET)).toBe(true);
        expect(verifyNotification(call.body, call.headers[WEBHOOK_SIGNATURE_HEADER], 'another-secret-entirely')).toBe(false);
      }
      const bodies = calls.map((c) => JSON.parse(c.body) as WebhookBody);
      expect(bodies.map((b) => [b.channel, b.id, b.customerId, b.title])).toEqual([
        ['PUSH', t.id, 'hook-1', 'Was this you?'],
        ['SMS', t.id, 'hook-1', 'Was this you?'],
      ]);
      expect(calls[0]?.headers['idempotency-key']).toBe(`${t.id}:PUSH`);
      expect(await h.outbox.state(t.id, 'SMS')).toEqual({ attempts: 1, delivered: false, failed: true, lastError: 'http-400' });
      expect(await h.outbox.state(t.id, 'PUSH')).toEqual({ attempts: 1, delivered: false, failed: false, lastError: 'http-503' });

      // not before the backoff has passed
      h.now += 29_000;
      expect(await dispatcher.runOnce()).toBe(0);
      expect(calls).toHaveLength(2);
      h.now += 1_000;
      expect(await dispatcher.runOnce()).toBe(1);
      expect(calls).toHaveLength(3);
      expect(await h.outbox.state(t.id, 'PUSH')).toEqual({ attempts: 2, delivered: true, failed: false });
      const attempts = (await h.messages.attempts(t.id)).filter((a) => a.channel !== 'EMAIL' && a.channel !== 'IN_APP');
      expect(attempts).toEqual([
        { channel: 'PUSH', outcome: 'FAILED', error: 'http-503' },
        { channel: 'SMS', outcome: 'FAILED', error: 'http-400' },
        { channel: 'PUSH', outcome: 'DELIVERED' },
      ]);
    } finally {
      await dispatcher.stop();
    }
  });
});

describe('engagement process with delivery settings', () => {
  const dir = tempDir('corebridge-engagement-delivery-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const securityAlert = (id: string, customerId: string): Trigger => ({
    id,
    customerId,
    occurredAt: new Date(),
    kind: 'SECURITY_CARD_USE',
    amount: { minor: 5000n, currency: 'EUR' },
    reason: 'LARGE',
  });

  it('starts the dispatcher for the configured channels and stops it on close', async () => {
    mailbox.length = 0;
    calls.length = 0;
    script.length = 0;
    const cfg = engagementConfigFromEnv({
      ENGAGEMENT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ENGAGEMENT_SMS_WEBHOOK_URL: webhookUrl,
      ENGAGEMENT_WEBHOOK_SECRET: SECRET,
    });
    const svc = await startEngagement({
      port: await freePort(),
      keysDir: join(dir, 'keys'),
      dataDir: 'memory://',
      delivery: {
        providers: channelProviders(cfg),
        pollMs: 20,
      },
    });
    try {
      const handled = await svc.engine.handle(securityAlert('wired-1', 'W-1'));
      expect(Object.fromEntries(handled.decisions.map((d) => [d.channel, d.rule ?? d.outcome]))).toEqual({
        IN_APP: 'SENT',
        PUSH: 'CHANNEL_UNAVAILABLE',
        EMAIL: 'SENT',
        SMS: 'SENT',
      });
      for (let i = 0; i < 250 && (mailbox.length < 1 || calls.length < 1); i++) await new Promise((r) => setTimeout(r, 20));
      expect(mailbox.map((m) => m.to)).toEqual([['W-1@customers.example']]);
      expect(calls.map((c) => (JSON.parse(c.body) as WebhookBody).channel)).toEqual(['SMS']);
    } finally {
      await svc.close();
    }
  });

  it('leaves push, email and SMS unavailable without settings, and refuses a webhook without its secret', async () => {
    const cfg = engagementConfigFromEnv({});
    expect(channelProviders(cfg)).toEqual([]);
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_PUSH_WEBHOOK_URL: webhookUrl })).toThrow(/ENGAGEMENT_WEBHOOK_SECRET/);
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_SMTP_URL: 'http://127.0.0.1:25' })).toThrow(/ENGAGEMENT_SMTP_URL/);
    const svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://' });
    try {
      const handled = await svc.engine.handle(securityAlert('bare-1', 'B-1'));
      expect(handled.decisions.filter((d) => d.rule === 'CHANNEL_UNAVAILABLE').map((d) => d.channel)).toEqual(['PUSH', 'EMAIL', 'SMS']);
      expect(svc.dispatcher).toBeUndefined();
      expect(await svc.outbox.backlog()).toEqual({ pending: 0 });
    } finally {
      await svc.close();
    }
  });
});
