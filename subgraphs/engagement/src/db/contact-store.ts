// Contacts and their agent actions (migration 9). A change to a contact (an action, the end) runs in
// one transaction with the contact's row locked (SELECT ... FOR UPDATE) and is judged there by
// domain/contacts.ts: two agents ending the same contact at once, or an action racing the end, give
// one winner and one CONTACT_ALREADY_ENDED, never a half-ended contact. A refusal writes nothing.
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../../../lib/db/database';
import { toDate } from '../../../../lib/db/database';
import {
  afterAction,
  afterEnd,
  type Contact,
  type ContactAction,
  type ContactChannel,
  type ContactReason,
  type ContactStart,
  transitionRefusal,
} from '../domain/contacts';

interface ContactRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  channel: string;
  self_service: boolean;
  agent: string | null;
  reasons: string;
  started_at: unknown;
  first_response_at: unknown;
  ended_at: unknown;
  resolved: boolean | null;
  ended_by: string | null;
  action_count: unknown;
  abandoned: boolean;
}

const COLUMNS = 'id, customer_id, channel, self_service, agent, reasons, started_at, first_response_at, ended_at, resolved, ended_by, action_count, abandoned';

function toContact(r: ContactRow): Contact {
  return {
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel as ContactChannel,
    selfService: r.self_service,
    ...(r.agent ? { agent: r.agent } : {}),
    reasons: JSON.parse(r.reasons) as ContactReason[],
    startedAt: toDate(r.started_at),
    ...(r.first_response_at ? { firstResponseAt: toDate(r.first_response_at) } : {}),
    ...(r.ended_at ? { endedAt: toDate(r.ended_at) } : {}),
    ...(r.resolved !== null ? { resolved: r.resolved } : {}),
    ...(r.ended_by ? { endedBy: r.ended_by } : {}),
    actionCount: Number(r.action_count),
    ...(r.abandoned ? { abandoned: true } : {}),
  };
}

/** Position in a customer's list: newest started first. */
export interface ContactKey {
  startedAtMs: number;
  id: string;
}

export interface ContactActionRecord {
  seq: number;
  action: ContactAction;
  agent: string;
  at: Date;
}

/** Whose change it is: an agent (staff subject), or the self-service device acting for `customerId`. */
export type ContactActor = { kind: 'AGENT'; agent: string } | { kind: 'SELF_SERVICE'; customerId: string };

export type ContactChangeResult = { result: 'OK'; contact: Contact } | { result: 'NOT_FOUND' } | { result: 'ALREADY_ENDED' } | { result: 'WRONG_KIND' };

/** What the metrics read of a period: the facts of each contact started in it. */
export interface ContactPeriodQuery {
  from: Date;
  /** exclusive */
  to: Date;
  channels?: readonly ContactChannel[];
  selfService?: boolean;
}

/** Runs in the transaction that ends a contact (the feedback request, db/feedback-store.ts requestIn). */
export type ContactEndHook = (tx: Queryable, ended: Contact, now: Date) => Promise<unknown>;

export class ContactStore {
  constructor(
    private readonly db: Database,
    private readonly onEnd?: ContactEndHook,
  ) {}

  async start(start: ContactStart, now: Date): Promise<Contact> {
    const id = `ctc_${randomBytes(12).toString('hex')}`;
    const [row] = await this.db.query<ContactRow>(
      `INSERT INTO contacts (id, customer_id, channel, self_service, agent, reasons, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [id, start.customerId, start.channel, start.selfService, start.agent ?? null, JSON.stringify(start.reasons), now],
    );
    return toContact(row as ContactRow);
  }

  async get(id: string): Promise<Contact | undefined> {
    const [row] = await this.db.query<ContactRow>(`SELECT ${COLUMNS} FROM contacts WHERE id = $1`, [id]);
    return row ? toContact(row) : undefined;
  }

  /** Up to `limit` of the customer's contacts, newest started first, after `after`; open ones only with `openOnly`. */
  async listForCustomer(customerId: string, limit: number, after?: ContactKey, openOnly = false): Promise<Array<Contact & { key: ContactKey }>> {
    const params: unknown[] = [customerId, limit];
    const where = ['customer_id = $1'];
    if (openOnly) where.push('ended_at IS NULL');
    if (after) {
      params.push(new Date(after.startedAtMs), after.id);
      where.push('(started_at, id) < ($3, $4)');
    }
    const rows = await this.db.query<ContactRow>(
      `SELECT ${COLUMNS} FROM contacts WHERE ${where.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map((r) => {
      const c = toContact(r);
      return { ...c, key: { startedAtMs: c.startedAt.getTime(), id: c.id } };
    });
  }

  /** An agent's action: the first one sets the contact's first response. */
  recordAction(id: string, action: ContactAction, agent: string, now: Date): Promise<ContactChangeResult> {
    return this.change(id, { kind: 'AGENT', agent }, { kind: 'ACTION' }, async (tx, c) => {
      const next = afterAction(c, now);
      await tx.query('INSERT INTO contact_actions (contact_id, seq, action, agent, at) VALUES ($1, $2, $3, $4, $5)', [
        id,
        next.actionCount,
        action,
        agent,
        now,
      ]);
      await tx.query('UPDATE contacts SET first_response_at = $2, action_count = $3 WHERE id = $1', [id, next.firstResponseAt, next.actionCount]);
      return next;
    });
  }

  /** Ends an open contact, resolved or not, adding `addReasons` to its reasons. */
  end(id: string, actor: ContactActor, resolved: boolean, addReasons: readonly ContactReason[], now: Date): Promise<ContactChangeResult> {
    const by = actor.kind === 'AGENT' ? 'AGENT' : 'SELF_SERVICE';
    return this.change(id, actor, { kind: 'END', by }, async (tx, c) => {
      const next = afterEnd(c, now, resolved, addReasons, actor.kind === 'AGENT' ? actor.agent : undefined);
      await tx.query('UPDATE contacts SET ended_at = $2, resolved = $3, reasons = $4, ended_by = $5 WHERE id = $1', [
        id,
        now,
        resolved,
        JSON.stringify(next.reasons),
        next.endedBy ?? null,
      ]);
      await this.onEnd?.(tx, next, now);
      return next;
    });
  }

  /**
   * Ends, unresolved and abandoned, up to `limit` self-service sessions still open that started
   * before `startedBefore` (the device that should have ended them was switched off, crashed or lost
   * its network). No end hook: nobody finished the session, so nobody is asked how it went. A
   * session the device is ending at the same moment is skipped (its row is locked), not ended twice.
   */
  async endAbandoned(startedBefore: Date, now: Date, limit: number): Promise<Contact[]> {
    const rows = await this.db.query<ContactRow>(
      `UPDATE contacts SET ended_at = $2, resolved = FALSE, abandoned = TRUE
       WHERE id IN (SELECT id FROM contacts WHERE self_service AND ended_at IS NULL AND started_at < $1
                    ORDER BY started_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [startedBefore, now, limit],
    );
    return rows.map(toContact);
  }

  async actions(id: string): Promise<ContactActionRecord[]> {
    const rows = await this.db.query<{ seq: unknown; action: string; agent: string; at: unknown }>(
      'SELECT seq, action, agent, at FROM contact_actions WHERE contact_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((r) => ({ seq: Number(r.seq), action: r.action as ContactAction, agent: r.agent, at: toDate(r.at) }));
  }

  /**
   * Every contact started in [from, to), optionally of some channels and self-service or not, oldest
   * first (per customer in time order: a self-service session ended unresolved and the agent contact
   * after it read one after the other).
   */
  async inPeriod(q: ContactPeriodQuery): Promise<Contact[]> {
    const params: unknown[] = [q.from, q.to];
    const where = ['started_at >= $1', 'started_at < $2'];
    if (q.channels) {
      params.push([...q.channels]);
      where.push(`channel = ANY($${params.length}::text[])`);
    }
    if (q.selfService !== undefined) {
      params.push(q.selfService);
      where.push(`self_service = $${params.length}`);
    }
    const rows = await this.db.query<ContactRow>(`SELECT ${COLUMNS} FROM contacts WHERE ${where.join(' AND ')} ORDER BY started_at, id`, params);
    return rows.map(toContact);
  }

  private change(
    id: string,
    actor: ContactActor,
    change: Parameters<typeof transitionRefusal>[1],
    apply: (tx: Queryable, c: Contact) => Promise<Contact>,
  ): Promise<ContactChangeResult> {
    return this.db.transaction(async (tx): Promise<ContactChangeResult> => {
      const [row] = await tx.query<ContactRow>(`SELECT ${COLUMNS} FROM contacts WHERE id = $1 FOR UPDATE`, [id]);
      // a device never learns of another customer's contacts: those answer as unknown
      if (!row || (actor.kind === 'SELF_SERVICE' && row.customer_id !== actor.customerId)) return { result: 'NOT_FOUND' };
      const c = toContact(row);
      const refusal = transitionRefusal(c, change);
      // nor of agent contacts, even the customer's own
      if (refusal === 'WRONG_KIND' && actor.kind === 'SELF_SERVICE') return { result: 'NOT_FOUND' };
      if (refusal) return { result: refusal };
      return { result: 'OK', contact: await apply(tx, c) };
    });
  }
}
