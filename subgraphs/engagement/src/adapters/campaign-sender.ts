// Sends due staff campaigns: each pass claims one due campaign at a time (CampaignStore.claimDue,
// under a lease), walks its audience (AudienceSource.members, read as of the moment sending began)
// in batches and hands every customer to NotificationEngine.handle as a CAMPAIGN trigger with id
// `campaign:<campaignId>:<customerId>`. The engine decides once per id (consent, the marketing caps,
// the campaign cap, preferences, quiet hours), so a sender that dies mid-campaign and the one that
// resumes it once the lease lapses never send a customer the campaign twice; the recipients table
// lets the resumed walk skip who was handled. Logs carry campaign ids and counts only.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../lib/logger';
import { PollingPass } from '../../../../lib/polling-pass';
import type { CampaignStore } from '../db/campaign-store';
import { campaignTriggerId, type Campaign } from '../domain/campaign';
import { InvalidTriggerError, type Handled, type NotificationEngine } from '../domain/engine';
import type { AudienceSource } from '../domain/segment';

export interface CampaignSenderOptions {
  /** customers per audience batch (and per lease renewal); default 200 */
  batchSize?: number;
  /** how long a claimed campaign stays this sender's without a renewal; default 5 minutes */
  leaseMs?: number;
  /** this sender's name on the lease (default: random per process) */
  owner?: string;
  clock?: () => Date;
  log?: Logger;
}

export class CampaignSender {
  private readonly passes: PollingPass;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly owner: string;
  private readonly clock: () => Date;
  private stopping = false;

  constructor(
    private readonly store: CampaignStore,
    private readonly audience: AudienceSource,
    private readonly engine: Pick<NotificationEngine, 'handle'>,
    private readonly opts: CampaignSenderOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.owner = opts.owner ?? `sender-${randomBytes(6).toString('hex')}`;
    this.clock = opts.clock ?? (() => new Date());
    this.passes = new PollingPass(
      () => this.pass(),
      (err) => opts.log?.error({ err: err.message }, 'campaign pass failed'),
    );
  }

  /** One pass: every campaign due now, one after the other; resolves with how many it finished. Passes never overlap. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  start(intervalMs: number): void {
    this.stopping = false;
    this.passes.start(intervalMs);
  }

  /** Stops polling; a campaign under way stops after its current customer and its lease is given up, so any sender resumes it next pass. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.passes.stop();
  }

  private async pass(): Promise<number> {
    let finished = 0;
    while (!this.stopping) {
      const campaign = await this.store.claimDue(this.owner, this.clock(), this.leaseMs);
      if (!campaign) break;
      if (await this.send(campaign)) finished++;
    }
    return finished;
  }

  /** true when this sender finished the campaign (SENT). */
  private async send(campaign: Campaign): Promise<boolean> {
    const log = this.opts.log?.child({ campaignId: campaign.id });
    log?.info('campaign sending');
    // the audience as of when sending began: a resume walks the same windows ("active within 30 days")
    const asOf = campaign.startedAt ?? this.clock();
    for await (const batch of this.audience.members(campaign.segment, asOf, this.batchSize)) {
      if (this.stopping) {
        await this.store.release(campaign.id, this.owner);
        log?.info('campaign paused; resumes on the next pass');
        return false;
      }
      // the lease first: a sender that lost it (it lapsed, another took over) stops here
      if (!(await this.store.renew(campaign.id, this.owner, this.clock(), this.leaseMs))) {
        log?.warn('campaign lease lost; another sender continues');
        return false;
      }
      const done = await this.store.handled(campaign.id, batch);
      for (const customerId of batch) {
        if (done.has(customerId)) continue;
        let handled: Handled;
        try {
          handled = await this.engine.handle({
            id: campaignTriggerId(campaign.id, customerId),
            customerId,
            occurredAt: campaign.sendAt,
            kind: 'CAMPAIGN',
            campaignId: campaign.id,
            message: campaign.message,
          });
        } catch (err) {
          // an id the audience should not have named (malformed): skipped, not retried forever
          if (!(err instanceof InvalidTriggerError)) throw err;
          log?.warn({ field: err.field }, 'campaign recipient skipped');
          continue;
        }
        const { outcome, rule } = summary(handled);
        await this.store.record(campaign.id, customerId, outcome, rule);
      }
    }
    const finished = await this.store.finish(campaign.id, this.owner, this.clock());
    const counts = await this.store.counts(campaign.id);
    log?.info({ recipients: counts.recipients, sent: counts.sent, suppressed: counts.suppressed, finished }, 'campaign sent');
    return finished;
  }
}

/** SENT when the message went (or waits for quiet hours) on any channel; else the rule on the first channel, IN_APP. */
function summary(h: Handled): { outcome: 'SENT' | 'SUPPRESSED'; rule?: NonNullable<Handled['decisions'][number]['rule']> } {
  if (h.decisions.some((d) => d.outcome !== 'SUPPRESSED')) return { outcome: 'SENT' };
  const rule = h.decisions[0]?.rule;
  return rule ? { outcome: 'SUPPRESSED', rule } : { outcome: 'SUPPRESSED' };
}
