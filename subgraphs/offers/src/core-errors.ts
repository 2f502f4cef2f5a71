// Core failures become client errors with stable codes; nothing about the core leaks.
// (accounts has the same mapping: a candidate for the adapter or lib/, see the issue-2 report.)
import { appError } from '../../../lib/errors';
import { CoreError } from '../../../legacy-adapters/soap/src';

const SYSTEM: Record<string, [string, string]> = {
  CORE_UNAVAILABLE: ['CORE_UNAVAILABLE', 'The core banking system is not available right now; try again shortly.'],
  CORE_BUSY: ['CORE_UNAVAILABLE', 'The core banking system is busy; try again shortly.'],
  CORE_TIMEOUT: ['CORE_TIMEOUT', 'The core banking system did not answer in time.'],
};

/** Awaits a core read, rethrowing core failures as client errors with stable codes. */
export async function fromCore<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof CoreError)) throw err;
    const system = SYSTEM[err.code];
    if (system) throw appError(system[0], system[1]);
    if (err.code === 'CUSTOMER_NOT_FOUND') throw appError('NOT_FOUND', 'Not found.');
    throw appError('CORE_ERROR', 'The core banking system reported an error.');
  }
}
