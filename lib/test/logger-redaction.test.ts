import { logSink } from '../../test/support/log-sink';
import { createLogger } from '../logger';
import { maskPan, maskPansInText } from '../pan-masking';

describe('log redaction', () => {
  it('masks PANs inside free text to first 6 + last 4', () => {
    expect(maskPansInText('card 4111111111111111 declined')).toBe('card 411111******1111 declined');
    expect(maskPansInText('order 12345 ok')).toBe('order 12345 ok');
  });

  it('masks a PAN on its own the same way, and shows nothing of one too short to keep 6 + 4 apart', () => {
    expect(maskPan('4111111111111111')).toBe('411111******1111');
    expect(maskPan('5500005555555559123')).toBe('550000*********9123');
    expect(maskPan('4111111111')).toBe('**********');
    expect(maskPansInText('4111111111111111')).toBe(maskPan('4111111111111111'));
  });

  it('never writes a PAN, CVV or token field', () => {
    const { stream, lines } = logSink();
    const log = createLogger('test', stream);
    log.info({ pan: '4111111111111111', cvv: '123', token: 'eyJ.x.y', card: { pan: '5500005555555559' } }, 'paid with 4111111111111111');
    const out = lines.join('');
    expect(out).not.toContain('4111111111111111');
    expect(out).not.toContain('5500005555555559');
    expect(out).not.toContain('eyJ.x.y');
    expect(out).toContain('411111******1111');
  });
});
