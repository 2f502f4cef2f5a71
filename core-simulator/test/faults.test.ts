// Fault knobs of the simulated core: validation, the session pool and injected errors.
import { DEFAULT_FAULTS, FaultController } from '../src/faults';
import { faultEnvelope, operationOf, wsdlWithAddress } from '../src/wsdl';

describe('fault settings', () => {
  it('applies partial updates and keeps the other knobs', () => {
    const f = new FaultController(1);
    expect(f.update({ latencyMs: 250 })).toEqual({ ok: true, settings: { ...DEFAULT_FAULTS, latencyMs: 250 } });
    expect(f.update({ errorRate: 0.5, down: true }).ok).toBe(true);
    expect(f.settings).toEqual({ ...DEFAULT_FAULTS, latencyMs: 250, errorRate: 0.5, down: true });
    expect(f.reset()).toEqual(DEFAULT_FAULTS);
  });

  it('refuses invalid values and unknown knobs, naming them, and changes nothing', () => {
    const f = new FaultController(1);
    f.update({ latencyMs: 10 });
    const cases: Array<[unknown, RegExp]> = [
      [{ errorRate: 1.5 }, /errorRate/],
      [{ latencyMs: -1 }, /latencyMs/],
      [{ maxSessions: 1.5 }, /maxSessions/],
      [{ down: 'yes' }, /down/],
      [{ latency: 10 }, /latency/],
      [{ latencyMs: 20, jitterMs: 'x' }, /jitterMs/],
      [[1, 2], /body|array/i],
    ];
    for (const [body, message] of cases) {
      const r = f.update(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
    expect(f.settings).toEqual({ ...DEFAULT_FAULTS, latencyMs: 10 });
  });

  it('adds latency plus jitter within bounds', () => {
    const f = new FaultController(3);
    f.update({ latencyMs: 100, jitterMs: 50 });
    const delays = Array.from({ length: 500 }, () => f.delayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(150);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('fails calls at the configured rate (seeded)', () => {
    const f = new FaultController(9);
    const count = () => Array.from({ length: 4000 }, () => f.shouldFail()).filter(Boolean).length;
    expect(count()).toBe(0);
    f.update({ errorRate: 1 });
    expect(count()).toBe(4000);
    f.update({ errorRate: 0.25 });
    const n = count();
    expect(n).toBeGreaterThan(800);
    expect(n).toBeLessThan(1200);
  });
});

describe('session pool', () => {
  it('queues calls beyond maxSessions and lets them in as sessions free up', async () => {
    const f = new FaultController(1);
    f.update({ maxSessions: 1 });
    expect(await f.acquire()).toBe(true);
    let second: boolean | undefined;
    const waiting = f.acquire().then((g) => (second = g));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBeUndefined();
    expect(f.inFlight).toBe(1);
    f.release();
    await waiting;
    expect(second).toBe(true);
    expect(f.maxInFlight).toBe(1);
    f.release();
    expect(f.inFlight).toBe(0);
  });

  it('gives up with false after sessionWaitMs', async () => {
    const f = new FaultController(1);
    f.update({ maxSessions: 1, sessionWaitMs: 80 });
    await f.acquire();
    const t0 = performance.now();
    expect(await f.acquire()).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
    expect(f.inFlight).toBe(1);
  });

  it('admits queued calls when maxSessions is raised', async () => {
    const f = new FaultController(1);
    f.update({ maxSessions: 1 });
    await f.acquire();
    const queued = [f.acquire(), f.acquire()];
    f.update({ maxSessions: 0 });
    expect(await Promise.all(queued)).toEqual([true, true]);
    expect(f.maxInFlight).toBe(3);
  });
});

describe('contract helpers', () => {
  it('names the operation from SOAPAction or, failing that, the body', () => {
    expect(operationOf('"urn:corebridge:core:v1/QueryAccBal"')).toBe('QueryAccBal');
    expect(
      operationOf(undefined, '<soap:Envelope><soap:Body><tns:QueryCardRequest xmlns:tns="x"><a/></tns:QueryCardRequest></soap:Body></soap:Envelope>'),
    ).toBe('QueryCard');
    expect(operationOf(undefined, '<x/>')).toBeUndefined();
  });

  it('points the served WSDL at the actual endpoint and escapes fault text', () => {
    expect(wsdlWithAddress('<soap:address location="http://127.0.0.1:8081/core"/>', 'http://h:1/core')).toBe('<soap:address location="http://h:1/core"/>');
    expect(faultEnvelope('SYSTEM_ERROR', 'a < b & c')).toContain('<Message>a &lt; b &amp; c</Message>');
  });
});
