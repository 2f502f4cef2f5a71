import type { Database, Migration } from '../../../../lib/db/database';
import { migrate as migrateSchema } from '../../../../lib/db/migrate';
import { MIGRATIONS } from './migrations';

/** Brings the partners schema up to date with its migrations list. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<{ applied: number[] }> {
  return migrateSchema(db, migrations);
}
