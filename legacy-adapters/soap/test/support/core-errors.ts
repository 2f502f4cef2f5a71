// Shared by the SOAP adapter's unit tests (canned core) and its integration test (real simulator).
import { CoreError } from '../../src';

/** The CoreError a call failed with; fails the test if it succeeded or failed with anything else. */
export async function failureOf(p: Promise<unknown>): Promise<CoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  return err as CoreError;
}
