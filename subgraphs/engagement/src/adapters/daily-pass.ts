// The timer of engagement's once-a-day passes (RETENTION, churn): checked every few minutes, a pass
// runs at or after its UTC hour on a day it has not run yet in this process (retentionDue). The
// passes themselves are idempotent, so a restart that runs one twice in a day changes nothing.
import { PollingPass } from '../../../../lib/polling-pass';
import { utcDay } from '../domain/customer-facts';
import { retentionDue } from '../domain/retention';

export function dailyPass(opts: {
  hour: number;
  clock: () => Date;
  /** the day's pass; resolves with what it counts */
  run: (now: Date) => Promise<number>;
  onError: (err: Error) => void;
}): PollingPass {
  let lastRunDay: string | undefined;
  return new PollingPass(async () => {
    const now = opts.clock();
    if (!retentionDue(now, opts.hour, lastRunDay)) return 0;
    const done = await opts.run(now);
    lastRunDay = utcDay(now);
    return done;
  }, opts.onError);
}
