// Contacts: each time a customer deals with the bank through a person (phone, chat, branch) or a
// self-service device (kiosk, visual IVR). Pure: what a contact is, which changes it allows, and
// its first response time. The store (db/contact-store.ts) keeps them and asks transitionRefusal
// under the contact's row lock, so two agents acting at once cannot both end it; the metrics (issue
// 17, later) read the facts kept here: resolved or not, and the times.
import { isCustomerId } from '../../../../lib/customer-id';

export const CONTACT_CHANNELS = ['PHONE', 'CHAT', 'BRANCH', 'KIOSK', 'VISUAL_IVR'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Channels the customer serves themselves on: the device starts and ends the session, no agent. */
export const SELF_SERVICE_CHANNELS = ['KIOSK', 'VISUAL_IVR'] as const satisfies readonly ContactChannel[];
export type SelfServiceChannel = (typeof SELF_SERVICE_CHANNELS)[number];

export const isSelfServiceChannel = (c: ContactChannel): c is SelfServiceChannel => (SELF_SERVICE_CHANNELS as readonly string[]).includes(c);

/** Why the customer got in touch: a closed list, so reports count like with like (docs/cx.md). */
export const CONTACT_REASONS = [
  'CARD_BLOCKED',
  'CARD_NOT_RECEIVED',
  'TRANSFER_STATUS',
  'DISPUTE',
  'BALANCE_ENQUIRY',
  'CASHBACK_QUESTION',
  'OFFER_QUESTION',
  'PARTNER_CONSENT',
  'ACCESS_PROBLEM',
  'COMPLAINT',
  'OTHER',
] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

/** What an agent did on a contact: a closed list rather than free text, which could carry personal data. */
export const CONTACT_ACTIONS = [
  'REPLIED',
  'INFORMATION_GIVEN',
  'CARD_BLOCKED',
  'CARD_REISSUED',
  'DISPUTE_OPENED',
  'TRANSFER_TRACED',
  'CALLBACK_ARRANGED',
  'ESCALATED',
  'TRANSFERRED',
  'NOTE_ADDED',
] as const;
export type ContactAction = (typeof CONTACT_ACTIONS)[number];

export type ContactStatus = 'OPEN' | 'ENDED';

export interface Contact {
  id: string;
  customerId: string;
  channel: ContactChannel;
  /** a kiosk or visual IVR session the customer ran themselves: no agent */
  selfService: boolean;
  /** the staff member who took it (their token subject); absent for self-service; never shown to customers */
  agent?: string;
  reasons: readonly ContactReason[];
  startedAt: Date;
  /** the first agent action's time */
  firstResponseAt?: Date;
  endedAt?: Date;
  /** set when it ended */
  resolved?: boolean;
  endedBy?: string;
  /** agent actions recorded so far */
  actionCount: number;
  /** a self-service session the device never ended, ended by the housekeeping pass (unresolved) */
  abandoned?: boolean;
}

export const contactStatus = (c: Pick<Contact, 'endedAt'>): ContactStatus => (c.endedAt ? 'ENDED' : 'OPEN');

/**
 * First response time: the first agent action's time minus the start, in ms. Undefined while no
 * agent acted (and always for self-service). Replicas' clocks may disagree by a little: an action
 * stamped before the start counts as an immediate response, never a negative one.
 */
export function firstResponseMs(c: Pick<Contact, 'startedAt' | 'firstResponseAt'>): number | undefined {
  if (!c.firstResponseAt) return undefined;
  return Math.max(0, c.firstResponseAt.getTime() - c.startedAt.getTime());
}

/** A change asked of a contact, and by whom: an agent (staff), or the self-service device itself. */
export type ContactChange = { kind: 'ACTION' } | { kind: 'END'; by: 'AGENT' | 'SELF_SERVICE' };

/**
 * Why `change` is not allowed on `c`, or undefined when it is. An ended contact takes nothing more
 * (ALREADY_ENDED); agents act on and end agent contacts only, the device ends its own session only
 * (WRONG_KIND: the device cannot see an agent contact, staff are told to let the device end it).
 */
export function transitionRefusal(c: Pick<Contact, 'selfService' | 'endedAt'>, change: ContactChange): 'ALREADY_ENDED' | 'WRONG_KIND' | undefined {
  const agentChange = change.kind === 'ACTION' || change.by === 'AGENT';
  if (agentChange === c.selfService) return 'WRONG_KIND';
  if (c.endedAt) return 'ALREADY_ENDED';
  return undefined;
}

/** The first action of an open agent contact sets its first response; later ones leave it. */
export function afterAction(c: Contact, at: Date): Contact {
  return { ...c, firstResponseAt: c.firstResponseAt ?? at, actionCount: c.actionCount + 1 };
}

export function afterEnd(c: Contact, at: Date, resolved: boolean, addReasons: readonly ContactReason[], by: string | undefined): Contact {
  return { ...c, endedAt: at, resolved, reasons: mergeReasons(c.reasons, addReasons), ...(by ? { endedBy: by } : {}) };
}

/** The reasons in the order first given, each once. */
export function mergeReasons(...lists: ReadonlyArray<readonly ContactReason[]>): ContactReason[] {
  return [...new Set(lists.flat())];
}

/** A refusal of an input, naming its field (as the input bounds name fields); nothing is stored. */
export class ContactInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ContactInputError';
  }
}

/** At most this many reason codes in one list: each known one once, plus a little slack for repeats. */
export const MAX_REASON_CODES = 2 * CONTACT_REASONS.length;

export function checkReasons(reasons: readonly string[] | null | undefined, field: string): ContactReason[] {
  const list = reasons ?? [];
  if (list.length > MAX_REASON_CODES) throw new ContactInputError(field, `${field} holds at most ${MAX_REASON_CODES} reason codes.`);
  for (const r of list) if (!(CONTACT_REASONS as readonly string[]).includes(r)) throw new ContactInputError(field, `${field} holds an unknown reason code.`);
  return mergeReasons(list as readonly ContactReason[]);
}

export interface ContactStart {
  customerId: string;
  channel: ContactChannel;
  selfService: boolean;
  agent?: string;
  reasons: readonly ContactReason[];
}

/** An agent's contact: a customer id, a channel with an agent (not a self-service one), known reasons. */
export function checkAgentContact(input: { customerId: string; channel: string; reasonCodes?: readonly string[] | null }, agent: string): ContactStart {
  if (!isCustomerId(input.customerId)) throw new ContactInputError('customerId', 'customerId is not a customer id.');
  const channel = input.channel as ContactChannel;
  if (!(CONTACT_CHANNELS as readonly string[]).includes(channel)) throw new ContactInputError('channel', 'channel is not a contact channel.');
  if (isSelfServiceChannel(channel)) throw new ContactInputError('channel', `${channel} sessions are started by the device itself (startSelfServiceSession).`);
  return { customerId: input.customerId, channel, selfService: false, agent, reasons: checkReasons(input.reasonCodes, 'reasonCodes') };
}

export function checkSelfServiceSession(customerId: string, channel: string, reasonCodes: readonly string[] | null | undefined): ContactStart {
  if (!(SELF_SERVICE_CHANNELS as readonly string[]).includes(channel)) throw new ContactInputError('channel', 'channel is not a self-service channel.');
  return { customerId, channel: channel as SelfServiceChannel, selfService: true, reasons: checkReasons(reasonCodes, 'reasonCodes') };
}
