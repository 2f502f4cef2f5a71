// The delivery suites' store and engine: a migrated store (PGlite, and PostgreSQL when DATABASE_URL
// is set, with a second pool on the same schema for a second dispatcher), a clock the test moves,
// and an engine whose push / email / SMS go to a dispatcher's outbox.
import { migrate } from '../../../../lib/db/migrate';
import type { Database } from '../../../../lib/db/database';
import { openPglite } from '../../../../lib/db/pglite-database';
import { openPostgres } from '../../../../lib/db/postgres-database';
import { dropSchema } from '../../../../test/support/postgres';
import { randomSchema } from '../../../../test/support/temp-stores';
import { MIGRATIONS } from '../../src/db/migrations';
import { MessageStore } from '../../src/db/message-store';
import { PreferencesStore } from '../../src/db/preferences-store';
import { DeliveryOutbox } from '../../src/db/delivery-outbox';
import { InboxDelivery } from '../../src/adapters/inbox-delivery';
import type { DeliveryDispatcher } from '../../src/adapters/delivery-dispatcher';
import { NotificationEngine, type Message } from '../../src/domain/engine';
import type { ChannelProvider, OutboxChannel, SendOutcome } from '../../src/domain/delivery';
import type { Trigger } from '../../src/domain/triggers';

export interface OpenedStore {
  db: Database;
  /** another handle on the same store (PGlite: the same one, its passes then take turns) */
  second: Database;
  dispose: () => Promise<void>;
}

export const DELIVERY_STORES: Array<[string, () => Promise<OpenedStore>]> = [
  [
    'PGlite',
    async () => {
      const db = await openPglite('memory://', 'engagement');
      return { db, second: db, dispose: () => db.close() };
    },
  ],
];
const DATABASE_URL = process.env.DATABASE_URL;
if (DATABASE_URL) {
  DELIVERY_STORES.push([
    'PostgreSQL',
    async () => {
      const schema = randomSchema('engagement_delivery');
      const db = await openPostgres({ connectionString: DATABASE_URL, schema });
      const second = await openPostgres({ connectionString: DATABASE_URL, schema });
      return {
        db,
        second,
        dispose: async () => {
          await second.close();
          await db.close();
          await dropSchema(DATABASE_URL, schema);
        },
      };
    },
  ]);
} else process.stdout.write('engagement delivery: DATABASE_URL unset, PostgreSQL case skipped\n');

export class DeliveryHarness {
  now = Date.parse('2025-03-15T10:00:00Z');
  private seq = 0;
  private opened?: OpenedStore;
  messages!: MessageStore;
  prefs!: PreferencesStore;
  outbox!: DeliveryOutbox;
  readonly clock = () => new Date(this.now);

  /** Opens and migrates the store in beforeAll, disposes of it in afterAll. */
  constructor(open: () => Promise<OpenedStore>) {
    beforeAll(async () => {
      this.opened = await open();
      await migrate(this.db, MIGRATIONS);
      this.messages = new MessageStore(this.db);
      this.prefs = new PreferencesStore(this.db, this.clock);
      this.outbox = new DeliveryOutbox(this.db, this.clock);
    });
    afterAll(async () => {
      await this.opened?.dispose();
    });
  }

  get db(): Database {
    if (!this.opened) throw new Error('store not open yet');
    return this.opened.db;
  }

  /** The outbox through the second handle: what another replica sees. */
  secondOutbox(): DeliveryOutbox {
    return new DeliveryOutbox(this.opened?.second ?? this.db, this.clock);
  }

  nextId(prefix: string): string {
    return `${prefix}-${++this.seq}`;
  }

  /** A security alert: on every channel by default, never held by quiet hours. */
  alert(customerId: string): Trigger {
    return {
      id: this.nextId('sec'),
      customerId,
      occurredAt: this.clock(),
      kind: 'SECURITY_CARD_USE',
      amount: { minor: 123_456n, currency: 'EUR' },
      reason: 'LARGE',
      cardLast4: '4242',
    };
  }

  engineFor(dispatcher: DeliveryDispatcher): NotificationEngine {
    return new NotificationEngine({ store: this.messages, deliveries: [new InboxDelivery(this.messages), ...dispatcher.deliveries()], clock: this.clock });
  }
}

/** A provider in memory: records what it was given, answers what `answer` says. */
export class FakeProvider implements ChannelProvider {
  readonly sent: string[] = [];
  constructor(
    readonly channel: OutboxChannel,
    private readonly answer: (m: Message) => SendOutcome = () => ({ result: 'DELIVERED' }),
    private readonly delayMs = 0,
  ) {}

  async send(m: Message): Promise<SendOutcome> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    this.sent.push(m.id);
    return this.answer(m);
  }
}
