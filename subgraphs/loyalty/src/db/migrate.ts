import type { Database, Migration } from '../../../../lib/db/database';
import { migrate as migrateSchema } from '../../../../lib/db/migrate';
import { MIGRATIONS } from './migrations';

export { MigrationError } from '../../../../lib/db/migrate';

/** Brings the loyalty schema up to date with its migrations list. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<{ applied: number[] }> {
  return migrateSchema(db, migrations);
}
