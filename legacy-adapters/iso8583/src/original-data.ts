// Field 90 (original data elements, n 42) of a reversal: what the reversed message was.
import { Iso8583Error } from './errors';

interface OriginalData {
  /** MTI of the original, e.g. 0220 */
  mti: string;
  /** its field 11 */
  stan: string;
  /** its field 7 (MMDDhhmmss) */
  transmission: string;
  /** its field 32 (right-justified, zero-filled to 11 in field 90) */
  acquirer: string;
  /** its field 33, if any */
  forwarding: string;
}

export function parseOriginalData(field90: string): OriginalData {
  if (!/^[0-9]{42}$/.test(field90)) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'original data elements must be 42 digits', 90);
  return {
    mti: field90.slice(0, 4),
    stan: field90.slice(4, 10),
    transmission: field90.slice(10, 20),
    acquirer: field90.slice(20, 31),
    forwarding: field90.slice(31, 42),
  };
}

export function formatOriginalData(o: Pick<OriginalData, 'mti' | 'stan' | 'transmission' | 'acquirer'> & { forwarding?: string }): string {
  const value = o.mti + o.stan + o.transmission + o.acquirer.padStart(11, '0') + (o.forwarding ?? '').padStart(11, '0');
  if (!/^[0-9]{42}$/.test(value)) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'original data elements must be 42 digits', 90);
  return value;
}
