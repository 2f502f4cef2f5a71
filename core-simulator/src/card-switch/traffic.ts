// The traffic the simulated card switch sends: purchases of real cards of the simulator at real
// merchants, as authorisation, financial and reversal advices, with repeats and reversals that
// overtake their original, in a seeded, repeatable order.
import { currencyNumeric, formatOriginalData, type IsoMessage } from '../../../legacy-adapters/iso8583/src';
import { Rng } from '../prng';
import { buildMerchants } from '../data/merchants';
import type { Dataset } from '../data/dataset';
import { nth } from '../data/nth';

export interface SwitchCard {
  pan: string;
  cardId: string;
  customerId: string;
}

interface TrafficOptions {
  cards: SwitchCard[];
  /** purchases (each one financial advice; some also an authorisation advice before it, some a reversal) */
  count: number;
  seed?: number;
  /** share of purchases announced by an authorisation advice (0120) first (default 0.3) */
  authShare?: number;
  /** share of purchases reversed by an 0420 (default 0.1) */
  reversalShare?: number;
  /** share of reversals sent before their original (default 0.3) */
  earlyReversalShare?: number;
  /** share of advices sent a second time as a repeat (x21) (default 0.1) */
  repeatShare?: number;
  /** only merchants with these MCCs (default: every shop, restaurant, travel and online merchant) */
  mccs?: string[];
  /** merchant ids that belong to a partner, and the share of purchases made there (default 0.2 when ids are given) */
  partnerMerchantIds?: string[];
  partnerShare?: number;
  minAmountMinor?: number;
  maxAmountMinor?: number;
  currency?: string;
  /** field 32 */
  acquirer?: string;
  /** field 7 is taken from this clock (default now) */
  now?: Date;
}

export interface Purchase {
  id: number;
  card: SwitchCard;
  amountMinor: bigint;
  currency: string;
  mcc: string;
  merchantId: string;
  partner: boolean;
  authorised: boolean;
  reversed: boolean;
}

export interface PlannedMessage {
  /** position in the plan */
  seq: number;
  purchase: number;
  kind: 'AUTHORISATION' | 'FINANCIAL' | 'REVERSAL';
  /** as first sent (x20 or, for a planned repeat, x21) */
  msg: IsoMessage;
}

interface TrafficPlan {
  purchases: Purchase[];
  messages: PlannedMessage[];
}

/** Active cards of the simulator's dataset (in-process), optionally only of some customers. */
export function cardsOfDataset(ds: Dataset, customerIds?: readonly string[]): SwitchCard[] {
  const wanted = customerIds ? new Set(customerIds) : undefined;
  return ds.cards
    .filter((c) => c.status === 'ACTIVE')
    .map((c) => ({ pan: c.pan, cardId: c.cardId, customerId: nth(ds.customers, c.customer, 'customer').customerId }))
    .filter((c) => !wanted || wanted.has(c.customerId));
}

/** Active cards of these customers from a running simulator's GET /admin/cards. */
export async function fetchCards(coreUrl: string, customerIds: readonly string[]): Promise<SwitchCard[]> {
  const out: SwitchCard[] = [];
  for (const customerId of customerIds) {
    const res = await fetch(`${coreUrl.replace(/\/+$/, '')}/admin/cards?customerId=${encodeURIComponent(customerId)}`);
    if (res.status === 404) continue;
    if (!res.ok) throw new Error(`GET /admin/cards for ${customerId}: HTTP ${res.status}`);
    const body = (await res.json()) as { cards: Array<{ cardId: string; pan: string; status: string }> };
    for (const c of body.cards) if (c.status === 'ACTIVE') out.push({ pan: c.pan, cardId: c.cardId, customerId });
  }
  return out;
}

/** Field 43 is printable ASCII: "München" goes as "Muenchen". */
export function asciiName(name: string, width = 40): string {
  const ascii = name
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.slice(0, width).padEnd(width, ' ');
}

/**
 * Field 43 in the networks' layout: name (25), city (13), ISO 3166 alpha-2 country (2). Loyalty
 * reads the city and country from it (merchantLocationOf), engagement's customer facts the city.
 */
export function acceptorLocation(name: string, city: string, country: string): string {
  return asciiName(name, 25) + asciiName(city, 13) + country.toUpperCase().slice(0, 2).padEnd(2, ' ');
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function transmissionOf(d: Date): string {
  return pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2);
}

/** x20 -> x21 (the same message, marked as a repeat) */
export function asRepeat(msg: IsoMessage): IsoMessage {
  return { mti: msg.mti.slice(0, 3) + '1', fields: new Map(msg.fields) };
}

// eslint-disable-next-line max-lines-per-function -- one seeded plan drawn in a fixed order; splitting it would hide the order the seed depends on
export function planTraffic(o: TrafficOptions): TrafficPlan {
  if (o.cards.length === 0) throw new Error('no cards to send traffic for');
  const rng = new Rng(o.seed ?? 1);
  const currency = o.currency ?? 'EUR';
  const currencyCode = currencyNumeric(currency);
  if (!currencyCode) throw new Error(`no ISO numeric code for ${currency}`);
  const acquirer = o.acquirer ?? '400001';
  const now = o.now ?? new Date();
  const catalogue = buildMerchants();
  const wantedMccs = o.mccs ? new Set(o.mccs) : undefined;
  // ATMs (6011) are cash, not purchases
  const merchants = catalogue.all.filter((m) => m.mcc !== '6011' && (!wantedMccs || wantedMccs.has(m.mcc)));
  if (merchants.length === 0) throw new Error('no merchant has the requested MCCs');
  const byId = new Map(catalogue.all.map((m) => [m.merchantId, m]));
  const partnerIds = o.partnerMerchantIds ?? [];
  const partnerShare = partnerIds.length > 0 ? (o.partnerShare ?? 0.2) : 0;
  const minAmount = o.minAmountMinor ?? 100;
  const maxAmount = o.maxAmountMinor ?? 20_000;
  // a run id in the RRN keeps two runs' keys apart
  const runTag = (o.seed ?? 1).toString(36).toUpperCase().padStart(4, '0').slice(-4);
  let stan = rng.int(1, 900_000);
  let rrn = 0;
  const nextStan = () => pad((stan = (stan % 999_999) + 1), 6);

  const purchases: Purchase[] = [];
  const sends: Array<{ at: number; kind: PlannedMessage['kind']; purchase: number; msg: IsoMessage }> = [];
  for (let i = 0; i < o.count; i++) {
    const card = rng.pick(o.cards);
    const partner = partnerShare > 0 && rng.chance(partnerShare);
    const merchantId = partner ? rng.pick(partnerIds) : rng.pick(merchants).merchantId;
    const merchant = byId.get(merchantId);
    const mcc = merchant?.mcc ?? '5999';
    const name = merchant ? `${merchant.name} ${merchant.city}` : merchantId;
    const amountMinor = BigInt(rng.int(minAmount, maxAmount));
    const p: Purchase = {
      id: i,
      card,
      amountMinor,
      currency,
      mcc,
      merchantId,
      partner,
      authorised: rng.chance(o.authShare ?? 0.3),
      reversed: rng.chance(o.reversalShare ?? 0.1),
    };
    purchases.push(p);
    const ref = `${runTag}${pad(++rrn, 8)}`;
    const base = (mti: string, t: Date): IsoMessage => ({
      mti,
      fields: new Map<number, string>([
        [2, card.pan],
        [3, '000000'],
        [4, amountMinor.toString().padStart(12, '0')],
        [7, transmissionOf(t)],
        [11, nextStan()],
        [18, mcc],
        [32, acquirer],
        [37, ref],
        [42, merchantId.padEnd(15, ' ').slice(0, 15)],
        [43, merchant ? acceptorLocation(merchant.name, merchant.city, merchant.country) : asciiName(name)],
        [49, currencyCode],
      ]),
    });
    const t = new Date(now.getTime() - (o.count - i) * 1000);
    if (p.authorised) sends.push({ at: i - 0.5, kind: 'AUTHORISATION', purchase: i, msg: base('0120', new Date(t.getTime() - 500)) });
    const financial = base('0220', t);
    sends.push({ at: i, kind: 'FINANCIAL', purchase: i, msg: financial });
    if (p.reversed) {
      const reversal = base('0420', new Date(t.getTime() + 400));
      reversal.fields.set(
        90,
        formatOriginalData({
          mti: '0220',
          stan: financial.fields.get(11) as string,
          transmission: financial.fields.get(7) as string,
          acquirer,
        }),
      );
      const early = rng.chance(o.earlyReversalShare ?? 0.3);
      // an early reversal overtakes its original; a late one comes a few purchases after it
      sends.push({ at: early ? i - 0.75 : i + 0.25 + rng.below(5), kind: 'REVERSAL', purchase: i, msg: reversal });
    }
  }
  sends.sort((a, b) => a.at - b.at);
  const messages: PlannedMessage[] = [];
  for (const s of sends) {
    messages.push({ seq: messages.length, purchase: s.purchase, kind: s.kind, msg: s.msg });
    if (rng.chance(o.repeatShare ?? 0.1)) messages.push({ seq: messages.length, purchase: s.purchase, kind: s.kind, msg: asRepeat(s.msg) });
  }
  return { purchases, messages };
}
