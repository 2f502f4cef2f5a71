// The catalogue of domain events: every type, its versions and their payload schemas, in one place.
// docs/events.md describes the same catalogue for people (lib/test/events/catalogue-doc.test.ts keeps
// the two equal). An event travels as an envelope; its payload is checked against the schema of
// its (type, version) by the producer before it is written and by every consumer before it is
// handled. Money is a minor-unit string (lib/money), never a float; no PAN and nothing personal
// beyond ids: the envelope is copied to Redis, logs of parked events and other services' stores.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CURRENCY_EXPONENT } from '../money';
import { CUSTOMER_ID } from '../customer-id';

/** Minor units as text: a signed integer that fits a PostgreSQL BIGINT (15 + 3 digits). */
const minorUnits = z.string().regex(/^-?\d{1,18}$/, 'minor units as an integer string');
/** Minor units that cannot be negative (an amount earned, an amount paid). */
const nonNegativeMinor = z.string().regex(/^\d{1,18}$/, 'non-negative minor units as an integer string');
const currency = z.string().refine((c) => CURRENCY_EXPONENT[c] !== undefined, 'an ISO 4217 currency');
const id = z.string().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
const money = z.strictObject({ amountMinor: nonNegativeMinor, currency });

/** The producers of events: a service name, which is also the stream (Redis) or the log (embedded) it writes to. */
export const PRODUCERS = ['loyalty', 'offers', 'accounts', 'engagement'] as const;
export type Producer = (typeof PRODUCERS)[number];

interface EventDefinition {
  producer: Producer;
  /** schemas by version; a new version is added, an old one is never changed while anything may still hold it */
  versions: Record<number, z.ZodType>;
  /** the version producers write today */
  current: number;
}

/**
 * Every event type. A change that a consumer of the current version could misread (a field
 * removed, renamed, retyped or newly required) is a new version; adding an optional field is not.
 */
export const CATALOGUE = {
  TransactionBooked: {
    producer: 'accounts',
    current: 1,
    versions: {
      1: z.strictObject({
        accountId: id,
        transactionId: id,
        /** signed: negative is money leaving the account */
        amountMinor: minorUnits,
        currency,
        bookedAt: instant,
        /** the core's booking code / bank transaction code, when it sent one */
        bookingCode: z.string().max(35).optional(),
        /** the account's id in the core (GraphQL Account.id), when accounts read the account for balanceAfterMinor */
        coreAccountId: id.optional(),
        /** signed minor units: the account's booked balance after this booking, when accounts could read it (camt.054 carries none) */
        balanceAfterMinor: minorUnits.optional(),
        /** the account's product type in the core, when accounts read the account (with coreAccountId) */
        accountType: z.enum(['CURRENT', 'SAVINGS', 'LOAN', 'CARD']).optional(),
      }),
    },
  },
  CardPurchaseRecorded: {
    producer: 'loyalty',
    current: 1,
    versions: {
      1: z.strictObject({
        /** the card's id in the core, never its PAN */
        cardId: id,
        /** the ledger journal that booked what the purchase earned; absent when it earned nothing */
        journalId: id.optional(),
        amount: money,
        merchant: z.strictObject({
          id,
          name: z.string().max(60).optional(),
          mcc: z.string().regex(/^\d{4}$/),
          /** from field 43 when it has the name / city / country layout */
          city: z.string().min(1).max(40).optional(),
          country: z
            .string()
            .regex(/^[A-Z]{2,3}$/)
            .optional(),
        }),
        /** cash back the purchase earned, in the programme currency (may be 0) */
        cashBack: money,
        /** whole points earned (may be 0) */
        points: nonNegativeMinor,
        purchasedAt: instant,
        /** the customer's loyalty tier the purchase earned at, when loyalty had the standing */
        tier: z.enum(['BRONZE', 'SILVER', 'GOLD', 'PLATINUM']).optional(),
      }),
    },
  },
  CardPurchaseReversed: {
    producer: 'loyalty',
    current: 1,
    versions: {
      1: z.strictObject({
        cardId: id,
        /** the journal that took the earning back; absent when the purchase had earned nothing */
        journalId: id.optional(),
        /** the part of the purchase amount undone by this reversal */
        amount: money,
        /** cash back and points taken back from the customer */
        cashBackTakenBack: money,
        pointsTakenBack: nonNegativeMinor,
        /** true when nothing of the purchase is left */
        complete: z.boolean(),
        /** the envelope key of the purchase's CardPurchaseRecorded (`card-purchase:<advice key>`) */
        purchaseKey: z.string().min(1).max(240).optional(),
      }),
    },
  },
  PointsChanged: {
    producer: 'loyalty',
    current: 1,
    versions: {
      1: z.strictObject({
        journalId: id,
        /** the journal's kind: CARD_PURCHASE, REDEMPTION, POINTS_EXPIRED, ... */
        reason: z.string().regex(/^[A-Z][A-Z_]*$/),
        /** signed whole points: what this journal did to the customer's points */
        delta: minorUnits,
        /** the points balance after the journal */
        balance: nonNegativeMinor,
      }),
    },
  },
  PointsExpiring: {
    producer: 'loyalty',
    current: 1,
    versions: {
      1: z.strictObject({
        /** whole points the expiry run of `expiresOn` will take if nothing else moves them (more than 0) */
        points: z.string().regex(/^[1-9]\d{0,17}$/, 'positive whole points as an integer string'),
        /** the date (UTC) of the expiry run that takes them */
        expiresOn: z.iso.date(),
      }),
    },
  },
  OfferActivated: {
    producer: 'offers',
    current: 1,
    versions: {
      1: z.strictObject({
        activationId: id,
        offerId: id,
        partnerId: id,
        rateBasisPoints: z.number().int().min(1).max(10_000),
        validFrom: instant,
        validUntil: instant,
        channel: z.string().max(40),
      }),
    },
  },
  FeedbackGiven: {
    producer: 'engagement',
    current: 1,
    versions: {
      /** a customer answered a feedback request (docs/cx.md "Feedback"); the comment stays in engagement (free text) */
      1: z.strictObject({
        requestId: id,
        kind: z.enum(['CSAT', 'CES', 'NPS']),
        /** on the kind's scale: CSAT 1-5, CES 1-7, NPS 0-10 */
        score: z.number().int().min(0).max(10),
        momentType: z.enum(['CONTACT', 'SELF_SERVICE', 'TRANSFER', 'REDEMPTION']),
        channel: z.enum(['PHONE', 'CHAT', 'BRANCH', 'KIOSK', 'VISUAL_IVR', 'APP']),
        /** the contact's id for contacts and self-service sessions */
        contactId: id.optional(),
        requestedAt: instant,
        answeredAt: instant,
      }),
    },
  },
  ChurnRiskRaised: {
    producer: 'engagement',
    current: 1,
    versions: {
      /** a customer's churn risk score crossed the threshold upwards (docs/cx.md "Churn early warning"); key: the score's evaluation */
      1: z.strictObject({
        /** 0-100, higher is likelier to leave */
        score: z.number().int().min(0).max(100),
        /** the threshold it crossed */
        threshold: z.number().int().min(0).max(100),
        /** why, strongest first, each with the real figures in its text (as offers' reasons) */
        reasons: z
          .array(
            z.strictObject({
              code: z.enum(['CARD_ACTIVITY_FALLING', 'SALARY_STOPPED', 'BALANCE_DRAINING', 'PRODUCT_CLOSED', 'DETRACTOR']),
              text: z.string().min(1).max(300),
            }),
          )
          .min(1)
          .max(5),
        raisedAt: instant,
      }),
    },
  },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof CATALOGUE;
export const EVENT_TYPES = Object.keys(CATALOGUE) as EventType[];

type CurrentVersion<T extends EventType> = (typeof CATALOGUE)[T]['current'];
/** The payload of the version producers write today. */
export type PayloadOf<T extends EventType> = z.infer<(typeof CATALOGUE)[T]['versions'][CurrentVersion<T>]>;

export const ENVELOPE = z.strictObject({
  id: z.uuid(),
  type: z.string().min(1).max(80),
  version: z.number().int().min(1),
  occurredAt: instant,
  producer: z.enum(PRODUCERS),
  customerId: z.string().regex(CUSTOMER_ID).optional(),
  /** what a consumer keys its ordering on, and the key a producer used to write it once (e.g. the journal's key) */
  key: z.string().min(1).max(240),
  payload: z.unknown(),
});

export type EventEnvelope = z.infer<typeof ENVELOPE>;

/** An envelope whose payload was checked against its (type, version). */
export type DomainEvent<T extends EventType = EventType> = Omit<EventEnvelope, 'type' | 'payload'> & { type: T; payload: PayloadOf<T> };

/** Why an envelope is no event this build can handle: the reason a consumer parks it with. */
export class EventSchemaError extends Error {
  readonly code = 'EVENT_SCHEMA_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'EventSchemaError';
  }
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(CATALOGUE, type);
}

/** Paths and messages only: a zod issue may quote the value, and the value may be anything. */
function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Checks an envelope and its payload against the catalogue; throws EventSchemaError saying what is wrong. */
export function parseEvent(raw: unknown): DomainEvent {
  const envelope = ENVELOPE.safeParse(raw);
  if (!envelope.success) throw new EventSchemaError(`envelope: ${issues(envelope.error)}`);
  const e = envelope.data;
  if (!isEventType(e.type)) throw new EventSchemaError(`unknown event type ${JSON.stringify(e.type.slice(0, 80))}`);
  const def: EventDefinition = CATALOGUE[e.type];
  const schema = def.versions[e.version];
  if (!schema) throw new EventSchemaError(`${e.type} has no version ${e.version}`);
  if (e.producer !== def.producer) throw new EventSchemaError(`${e.type} is produced by ${def.producer}, not ${e.producer}`);
  const payload = schema.safeParse(e.payload);
  if (!payload.success) throw new EventSchemaError(`${e.type} v${e.version} payload: ${issues(payload.error)}`);
  return { ...e, type: e.type, payload: payload.data } as DomainEvent;
}

export interface NewEvent<T extends EventType> {
  type: T;
  payload: PayloadOf<T>;
  key: string;
  customerId?: string;
  occurredAt: Date;
}

/** Builds (and checks) the envelope of a new event at the current version: producers never write what consumers would park. */
export function newEvent<T extends EventType>(e: NewEvent<T>): DomainEvent<T> {
  const def: EventDefinition = CATALOGUE[e.type];
  const envelope = {
    id: randomUUID(),
    type: e.type,
    version: def.current,
    occurredAt: e.occurredAt.toISOString(),
    producer: def.producer,
    ...(e.customerId !== undefined ? { customerId: e.customerId } : {}),
    key: e.key,
    payload: e.payload,
  };
  return parseEvent(envelope) as DomainEvent<T>;
}

/** The producers whose streams carry these types (a consumer reads only those). */
export function producersOf(types: readonly EventType[]): Producer[] {
  return [...new Set(types.map((t) => CATALOGUE[t].producer))];
}
