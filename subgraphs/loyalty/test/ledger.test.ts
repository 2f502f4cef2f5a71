// The ledger suite on the embedded store (PGlite in a temp dir): the default for development.
import { ledgerSuite } from './support/ledger-suite';
import { openTempLoyaltyPglite } from '../../../test/support/temp-stores';

jest.setTimeout(60000);

ledgerSuite('PGlite', () => openTempLoyaltyPglite());
