// Points as the loyalty screen reads them: whole numbers only, and their cash worth exact.
import { cashForPoints, parsePointsInput } from '../src/points';

describe('loyalty points', () => {
  it('reads whole points in Latin or Persian digits, with grouping', () => {
    expect(parsePointsInput('100')).toBe(100);
    expect(parsePointsInput(' 1,500 ')).toBe(1500);
    expect(parsePointsInput('۲۵۰')).toBe(250);
    expect(parsePointsInput('10000000')).toBe(10_000_000);
  });

  it('refuses what is not a whole number of points from 1 up', () => {
    for (const text of ['', '0', '-5', '1.5', '12a', '1e3', '10000001', '999999999']) expect([text, parsePointsInput(text)]).toEqual([text, null]);
  });

  it('turns points into cash at 100 points = 1.00, exactly', () => {
    expect(cashForPoints(100, 'EUR')).toBe('1.00');
    expect(cashForPoints(1, 'EUR')).toBe('0.01');
    expect(cashForPoints(123_456, 'EUR')).toBe('1234.56');
    expect(cashForPoints(10_000_000, 'EUR')).toBe('100000.00');
    // a currency without decimals: only whole hundreds make money
    expect(cashForPoints(300, 'JPY')).toBe('3');
    expect(cashForPoints(150, 'JPY')).toBeNull();
    expect(cashForPoints(5, 'KWD')).toBe('0.050');
  });
});
