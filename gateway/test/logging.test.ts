// lib/logger.ts as the gateway relies on it: what a masked error or a refusal reason may carry
// (a PAN in a core fault, a token echoed in an exception, GraphQL variables) never reaches a line.
import { logSink } from '../../test/support/log-sink';
import { createLogger } from '../../lib/logger';

function capture() {
  const sink = logSink();
  return { log: createLogger('gateway', sink.stream), text: sink.text };
}

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJDLTAwMDAwMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('gateway log scrubbing', () => {
  it('masks PANs and removes JWTs inside error objects and nested strings', () => {
    const { log, text } = capture();
    const err = new Error(`card 4111111111111111 refused for Bearer ${JWT}`);
    log.error({ reqId: 'r-1', err, detail: { reason: `token ${JWT} expired`, list: ['5500005555555559'] } }, 'masked error');
    const out = text();
    expect(out).not.toContain('4111111111111111');
    expect(out).not.toContain('5500005555555559');
    expect(out).not.toContain(JWT);
    expect(out).not.toContain(JWT.split('.')[2]);
    expect(out).toContain('411111******1111');
    expect(out).toContain('[redacted-jwt]');
    expect(JSON.parse(out).err.message).toMatch(/^card 411111\*+1111 refused/);
  });

  it('never writes GraphQL variables', () => {
    const { log, text } = capture();
    log.info({ reqId: 'r-2', request: { operationName: 'Transfer', variables: { iban: 'DE89370400440532013000', name: 'Anna Example' } } }, 'request');
    const out = text();
    expect(out).toContain('Transfer');
    expect(out).not.toContain('DE89370400440532013000');
    expect(out).not.toContain('Anna Example');
  });
});
