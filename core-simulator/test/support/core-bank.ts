// Helpers for tests of the simulator's in-memory bank.
import { BusinessError, type CoreBank, type TransferInput } from '../../src/data/ledger';

/** The BusinessError a transfer is refused with; fails the test if the transfer went through. */
export function refusal(bank: CoreBank, input: TransferInput): BusinessError {
  try {
    bank.transfer(input);
  } catch (err) {
    expect(err).toBeInstanceOf(BusinessError);
    return err as BusinessError;
  }
  throw new Error(`transfer was not refused: ${JSON.stringify(input)}`);
}
