// Contacts over GraphQL: staff with staff:contacts:write start, act on and end contacts; the kiosk
// client starts and ends the signed-in customer's self-service sessions; staff read them. The
// gateway checks @requiresScopes; a direct caller is checked here too. Input is checked by
// domain/contacts.ts before anything is stored: a refusal changes nothing. Agent ids are staff
// subjects: only staff callers see them.
import { appError } from '../../../../lib/errors';
import { isStaffWith, STAFF_CONTACTS_READ_SCOPE, STAFF_CONTACTS_WRITE_SCOPE, STAFF_READ_SCOPE } from '../../../../lib/access';
import type { Caller } from '../../../../lib/internal-auth';
import type { ContactChangeResult, ContactKey } from '../db/contact-store';
import { checkAgentContact, checkReasons, checkSelfServiceSession, type Contact, ContactInputError, contactStatus, firstResponseMs } from '../domain/contacts';
import type { EngagementContext } from './context';
import { checkFirst, cursorMatch, opaqueCursor } from './arguments';
import type { Resolvers } from './resolvers-types.generated';

const READ_SCOPES = [STAFF_CONTACTS_READ_SCOPE, STAFF_CONTACTS_WRITE_SCOPE, STAFF_READ_SCOPE] as const;

const canReadContacts = (caller: Caller) => isStaffWith(caller, ...READ_SCOPES);

/** The staff member's id for a change to contacts, or FORBIDDEN. */
function agentOf(caller: Caller): string {
  if (!isStaffWith(caller, STAFF_CONTACTS_WRITE_SCOPE)) throw appError('FORBIDDEN', 'Only staff with staff:contacts:write record contacts.');
  return caller.subject;
}

/** The customer at the kiosk: self-service sessions are the kiosk client's, for the customer signed in on it. */
function kioskCustomerOf(caller: Caller): string {
  if (caller.channel !== 'kiosk' || !caller.customerId) throw appError('FORBIDDEN', 'Only a customer on a kiosk runs self-service sessions.');
  return caller.customerId;
}

/** A domain refusal as the client sees it: its code, the message, and the input field's path. */
function refused<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ContactInputError) throw appError(err.code, err.message, { argumentName: err.field });
    throw err;
  }
}

/** The store's answer to a change, or the refusal it stands for (nothing was changed). */
function changed(r: ContactChangeResult): Contact {
  switch (r.result) {
    case 'OK':
      return r.contact;
    case 'NOT_FOUND':
      throw appError('CONTACT_NOT_FOUND', undefined, { argumentName: 'id' });
    case 'ALREADY_ENDED':
      throw appError('CONTACT_ALREADY_ENDED', undefined, { argumentName: 'id' });
    case 'WRONG_KIND':
      throw appError('BAD_USER_INPUT', 'This is a self-service session: no agent acts on it, and its device ends it.', { argumentName: 'id' });
  }
}

// a customer's contacts: `k1:<started at, ms>:<id>` (arguments.ts opaqueCursor)
const CURSOR = /^k1:(\d{1,15}):(ctc_[0-9a-f]{24})$/;
const encodeCursor = (k: ContactKey) => opaqueCursor(`k1:${k.startedAtMs}:${k.id}`);

function decodeCursor(after: string | null | undefined): ContactKey | undefined {
  const m = cursorMatch(after, CURSOR);
  return m && { startedAtMs: Number(m[1]), id: m[2] as string };
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

export const contactResolvers = {
  Customer: {
    contacts: async (c, args, ctx) => {
      if (!canReadContacts(ctx.caller)) return null;
      const first = checkFirst(args.first);
      const after = decodeCursor(args.after);
      // one more than asked tells whether there is a next page
      const items = await ctx.contacts.listForCustomer(c.id, first + 1, after, args.openOnly ?? false);
      const edges = items.slice(0, first).map((node) => ({ cursor: encodeCursor(node.key), node }));
      return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Query: {
    contact: async (_, args, ctx) => {
      if (!canReadContacts(ctx.caller)) throw appError('FORBIDDEN', 'Only staff read contacts.');
      return (await ctx.contacts.get(args.id)) ?? null;
    },
  },
  Mutation: {
    startContact: async (_, args, ctx) => {
      const agent = agentOf(ctx.caller);
      const start = refused(() => checkAgentContact(args.input, agent));
      return ctx.contacts.start(start, ctx.now);
    },
    recordContactAction: async (_, args, ctx) => {
      const agent = agentOf(ctx.caller);
      return changed(await ctx.contacts.recordAction(args.id, args.action, agent, ctx.now));
    },
    endContact: async (_, args, ctx) => {
      const agent = agentOf(ctx.caller);
      // fields of the single `input` named by their own path, as the input bounds name them
      const reasons = refused(() => checkReasons(args.input.reasonCodes, 'reasonCodes'));
      const ended = changed(await ctx.contacts.end(args.id, { kind: 'AGENT', agent }, args.input.resolved, reasons, ctx.now));
      // its feedback request was written with the end (db/feedback-store.ts); the notification follows the commit
      await ctx.feedback.requester.notifyWritten('CONTACT', ended.id, ctx.log);
      return ended;
    },
    startSelfServiceSession: async (_, args, ctx) => {
      const customerId = kioskCustomerOf(ctx.caller);
      const start = refused(() => checkSelfServiceSession(customerId, args.channel, args.reasonCodes));
      return ctx.contacts.start(start, ctx.now);
    },
    endSelfServiceSession: async (_, args, ctx) => {
      const customerId = kioskCustomerOf(ctx.caller);
      const ended = changed(await ctx.contacts.end(args.id, { kind: 'SELF_SERVICE', customerId }, args.resolved, [], ctx.now));
      await ctx.feedback.requester.notifyWritten('SELF_SERVICE', ended.id, ctx.log);
      return ended;
    },
  },
  Contact: {
    status: (c) => contactStatus(c),
    reasonCodes: (c) => [...c.reasons],
    startedAt: (c) => c.startedAt.toISOString(),
    firstResponseAt: (c) => iso(c.firstResponseAt),
    firstResponseSeconds: (c) => {
      const ms = firstResponseMs(c);
      return ms === undefined ? null : Math.floor(ms / 1000);
    },
    endedAt: (c) => iso(c.endedAt),
    resolved: (c) => c.resolved ?? null,
    abandoned: (c) => c.abandoned === true,
    // a staff subject: never for a customer's eyes (the kiosk reads its sessions through these fields too)
    agentId: (c, _args, ctx) => (canReadContacts(ctx.caller) ? (c.agent ?? null) : null),
    actions: async (c, _args, ctx) => {
      if (!canReadContacts(ctx.caller) || c.actionCount === 0) return [];
      return (await ctx.contacts.actions(c.id)).map((a) => ({ action: a.action, agentId: a.agent, at: a.at.toISOString() }));
    },
  },
} satisfies Resolvers<EngagementContext>;
