// Loyalty: the points balance, the tier and the way to the next one, cash back, the latest ledger
// movements, and spending points: for cash on the current account (100 points = 1.00) or on a
// partner's reward. Each redemption attempt has its own idempotency key, as a transfer does
// (Transfer.tsx): "Retry" after a lost answer or a retryable refusal re-sends the same input with
// the same key, so points are taken at most once; a new amount or a final refusal starts a new
// attempt with a new key (a final refusal is the stored answer for its key).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  type LoyaltyMovementKind,
  type LoyaltyTierName,
  type RedeemPointsInput,
  type RewardKind,
  type WebRedeemPointsMutation,
  type WebRewardsCatalogueQuery,
  WebDashboardDocument,
  WebLoyaltyDocument,
  WebRedeemPointsDocument,
  WebRewardsCatalogueDocument,
} from '../gql/graphql';
import { failureOf } from '../errors';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { cashForPoints, parsePointsInput } from '../points';
import { tierWaysText } from '../tier-ways';

const TIERS: Record<LoyaltyTierName, MessageKey> = { BRONZE: 'tierBronze', SILVER: 'tierSilver', GOLD: 'tierGold', PLATINUM: 'tierPlatinum' };
const REWARD_KINDS: Record<RewardKind, MessageKey> = { VOUCHER: 'rewardKindVoucher', CREDIT: 'rewardKindCredit', EXPERIENCE: 'rewardKindExperience' };

/** a ledger movement's kind in the app's language: the server's description is English only */
const MOVEMENT_KINDS: Record<LoyaltyMovementKind, MessageKey> = {
  WELCOME_BONUS: 'movementWelcomeBonus',
  POINTS_EARNED: 'movementPointsEarned',
  POINTS_REDEEMED: 'movementPointsRedeemed',
  CASHBACK_ACCRUED: 'movementCashbackAccrued',
  CASHBACK_REVERSED: 'movementCashbackReversed',
  CASHBACK_PAID: 'movementCashbackPaid',
  CARD_PURCHASE: 'movementCardPurchase',
  CARD_PURCHASE_REVERSED: 'movementCardPurchaseReversed',
  CASHBACK_HOLD: 'movementCashbackHold',
  CASHBACK_HOLD_RELEASED: 'movementCashbackHoldReleased',
  ENGAGEMENT_REWARD: 'movementEngagementReward',
  POINTS_EXPIRED: 'movementPointsExpired',
  POINTS_REDEMPTION_REFUNDED: 'movementPointsRedemptionRefunded',
  FEEDBACK_REWARD: 'movementFeedbackReward',
};

type Outcome =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'done'; result: WebRedeemPointsMutation['redeemPoints'] }
  | { kind: 'refused'; code: string; retryable: boolean };

interface Attempt {
  key: string;
  input: Omit<RedeemPointsInput, 'idempotencyKey'>;
}

/** A refusal as the customer reads it; the generic sentences of two codes speak of transfers. */
function refusalText(i18n: I18n, code: string): string {
  if (code === 'NETWORK') return i18n.t('redeemFailedNetwork');
  if (code === 'IDEMPOTENCY_KEY_REUSED') return i18n.t('redeemRefusalKeyReused');
  if (code === 'CORE_UNAVAILABLE') return i18n.t('redeemRefusalBusy');
  return i18n.refusal(code);
}

/** One redemption form's attempt (its key) and what became of it. */
function useRedemption() {
  const client = useApolloClient();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const send = async (a: Attempt) => {
    setAttempt(a);
    setOutcome({ kind: 'sending' });
    try {
      const { data } = await client.mutate({ mutation: WebRedeemPointsDocument, variables: { input: { ...a.input, idempotencyKey: a.key } } });
      if (!data) throw new Error('empty answer');
      setOutcome({ kind: 'done', result: data.redeemPoints });
      if (data.redeemPoints.cash) {
        // the cash lands on the current account: the balances the dashboard and the transfer form
        // show are read again when they next open
        for (const a of client.cache.readQuery({ query: WebDashboardDocument })?.me?.accounts ?? []) {
          client.cache.evict({ id: client.cache.identify(a), fieldName: 'balance' });
        }
      }
      // the points balance, the history and the rewards' stock move with it
      void client.refetchQueries({ include: [WebLoyaltyDocument, WebRewardsCatalogueDocument] });
    } catch (err) {
      const f = failureOf(err);
      setOutcome({ kind: 'refused', code: f.code, retryable: f.retryable });
    }
  };

  return {
    outcome,
    /** the same attempt again while its answer is lost or retryable, otherwise a new one */
    redeem(input: Attempt['input']) {
      const again = attempt !== null && outcome.kind === 'refused' && outcome.retryable;
      void send(again ? attempt : { key: crypto.randomUUID(), input });
    },
    /** the input changed: the next send is a new attempt */
    reset() {
      setAttempt(null);
      setOutcome((o) => (o.kind === 'sending' ? o : { kind: 'idle' }));
    },
  };
}

function CashRedemption({ currency }: { currency: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { outcome, redeem, reset } = useRedemption();
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const points = parsePointsInput(text);
  const worth = points === null ? null : cashForPoints(points, currency);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (points === null || worth === null) {
      setInputError(t('invalidPointsInput'));
      return;
    }
    setInputError(null);
    redeem({ for: 'CASH', points });
  };

  return (
    <section aria-labelledby="cash-title" className="card narrow">
      <h2 id="cash-title">{t('redeemCashTitle')}</h2>
      <p className="muted">{t('redeemCashLead')}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="redeem-points">{t('pointsToRedeem')}</label>
        <input
          id="redeem-points"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            reset();
          }}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? 'redeem-points-error' : 'redeem-points-worth'}
        />
        {inputError ? (
          <p id="redeem-points-error" className="error">
            {inputError}
          </p>
        ) : (
          <p id="redeem-points-worth" className="muted">
            {t('youGet')}: {worth === null ? '–' : i18n.money(worth, currency)}
          </p>
        )}
        <div className="actions">
          {outcome.kind === 'done' ? (
            <button
              type="button"
              onClick={() => {
                setText('');
                reset();
              }}
            >
              {t('newRedemption')}
            </button>
          ) : (
            <button type="submit" disabled={outcome.kind === 'sending'}>
              {outcome.kind === 'sending' ? t('sending') : outcome.kind === 'refused' && outcome.retryable ? t('retry') : t('redeemForCash')}
            </button>
          )}
        </div>
        <div aria-live="polite">
          {outcome.kind === 'done' && outcome.result.cash && (
            <p role="status" className="ok" data-testid="redeem-result">
              {t('redeemedCash')}: {i18n.number(outcome.result.points)} {t('pointsUnit')} →{' '}
              {i18n.money(outcome.result.cash.amount, outcome.result.cash.currency)}. {t('pointsLeft')}: {i18n.number(outcome.result.pointsBalance)}
            </p>
          )}
          {outcome.kind === 'refused' && (
            <p role="alert" className="error" data-testid="redeem-error" data-code={outcome.code}>
              {refusalText(i18n, outcome.code)}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

type Reward = NonNullable<WebRewardsCatalogueQuery['partners'][number]>['rewards'][number];

function RewardItem({ reward, balance }: { reward: Reward; balance: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { outcome, redeem } = useRedemption();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const redeemRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // focus follows the question: onto "Confirm" when it appears, back to "Redeem" when it goes
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (asked.current) redeemRef.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const soldOut = reward.stock === 0;
  const short = reward.pointsPrice > balance;
  const retryable = outcome.kind === 'refused' && outcome.retryable;
  const id = `reward-${reward.id}`;
  // the price is the most the customer agrees to pay: a price raised meanwhile is PRICE_ABOVE_LIMIT
  const send = () => redeem({ for: 'REWARD', rewardId: reward.id, points: reward.pointsPrice });
  return (
    <li data-testid="reward">
      <div className="reward-what">
        <h4 id={`${id}-title`}>{reward.title}</h4>
        <p className="muted" id={`${id}-price`}>
          {t(REWARD_KINDS[reward.kind])} · {i18n.number(reward.pointsPrice)} {t('pointsUnit')}
          {soldOut ? ` · ${t('soldOut')}` : short && outcome.kind !== 'done' ? ` · ${t('notEnoughPoints')}` : ''}
        </p>
      </div>
      <div aria-live="polite" className="reward-action">
        {outcome.kind === 'done' ? (
          <p role="status" className="ok" data-testid="reward-result">
            {t('rewardRedeemed')}: <bdi className="code">{outcome.result.reward?.voucherCode}</bdi>
          </p>
        ) : confirming ? (
          <div className="actions">
            <p>{t('confirmReward')}</p>
            <button
              type="button"
              ref={confirmRef}
              aria-describedby={`${id}-title ${id}-price`}
              onClick={() => {
                setConfirming(false);
                send();
              }}
            >
              {t('confirm')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            ref={redeemRef}
            disabled={soldOut || short || outcome.kind === 'sending'}
            aria-describedby={`${id}-title ${id}-price`}
            onClick={() => (retryable ? send() : setConfirming(true))}
          >
            {outcome.kind === 'sending' ? t('sending') : retryable ? t('retry') : t('redeem')}
          </button>
        )}
        {outcome.kind === 'refused' && (
          <p role="alert" className="error" data-code={outcome.code}>
            {refusalText(i18n, outcome.code)}
          </p>
        )}
      </div>
    </li>
  );
}

function RewardsCatalogue({ balance }: { balance: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, loading, error } = useQuery(WebRewardsCatalogueDocument, { errorPolicy: 'all', fetchPolicy: 'cache-and-network' });
  const partners = (data?.partners ?? []).filter((p) => p.rewards.length > 0);
  return (
    <section aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t('rewardsTitle')}</h2>
      <p className="muted">{t('rewardsLead')}</p>
      {loading && !data && <p aria-live="polite">{t('loading')}</p>}
      {error && partners.length === 0 && <p role="status">{t('partial')}</p>}
      <div className="partners">
        {partners.map((p) => (
          <section key={p.id} aria-labelledby={`partner-${p.id}`} className="card" data-testid="reward-partner">
            <h3 id={`partner-${p.id}`}>{p.name}</h3>
            <ul className="rewards">
              {p.rewards.map((r) => (
                <RewardItem key={r.id} reward={r} balance={balance} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

// eslint-disable-next-line max-lines-per-function -- one screen: the balance, the tier and the history side by side in its markup
export function Loyalty() {
  const i18n = useI18n();
  const { t } = i18n;
  // partial answers render: loyalty failing blanks its parts, the catalogue still shows
  const { data, loading, error } = useQuery(WebLoyaltyDocument, { errorPolicy: 'all', fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  const loyalty = data?.me?.loyalty;
  const next = loyalty?.tier.next;
  const signed = new Intl.NumberFormat(i18n.locale, { signDisplay: 'exceptZero' });
  const cashBack = loyalty?.cashBack;
  return (
    <>
      <h1>{t('navLoyalty')}</h1>
      {error && !loyalty && <p role="status">{t('partial')}</p>}
      {loyalty && cashBack && (
        <>
          <section aria-labelledby="balance-title" className="card">
            <h2 id="balance-title">{t('loyalty')}</h2>
            <dl className="grid">
              <dt>{t('points')}</dt>
              <dd data-testid="loyalty-points" aria-live="polite">
                {i18n.number(loyalty.points)}
              </dd>
              <dt>{t('tier')}</dt>
              <dd data-testid="loyalty-tier">{t(TIERS[loyalty.tier.tier])}</dd>
              <dt>{t('tierScore')}</dt>
              <dd>{i18n.number(loyalty.tier.score)}</dd>
              <dt>{t('cashBackToday')}</dt>
              <dd className="amount">{i18n.money(cashBack.pendingToday.amount, cashBack.pendingToday.currency)}</dd>
              <dt>{t('cashBackOnHold')}</dt>
              <dd className="amount">{i18n.money(cashBack.onHold.amount, cashBack.onHold.currency)}</dd>
              <dt>{t('cashBackMonth')}</dt>
              <dd className="amount">{i18n.money(cashBack.paidThisMonth.amount, cashBack.paidThisMonth.currency)}</dd>
              <dt>{t('cashBackLifetime')}</dt>
              <dd className="amount">{i18n.money(cashBack.lifetime.amount, cashBack.lifetime.currency)}</dd>
            </dl>
            {next ? (
              <div className="tier-progress">
                <label htmlFor="tier-progress">
                  {t('tierProgress')} {t(TIERS[next.tier])}
                </label>
                <progress id="tier-progress" value={Math.min(loyalty.tier.score, next.minScore)} max={Math.max(next.minScore, 1)} />
                <p className="muted" data-testid="tier-ways">
                  {i18n.number(loyalty.tier.score)} / {i18n.number(next.minScore)} ·{' '}
                  {tierWaysText(i18n.lang, i18n.locale, t(TIERS[next.tier]), next.scoreNeeded, next.ways, next.allNeeded)}
                </p>
              </div>
            ) : (
              <p>{t('topTier')}</p>
            )}
          </section>
          <CashRedemption currency={cashBack.lifetime.currency} />
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('loyaltyHistory')}</h2>
            {loyalty.activity.edges.length === 0 ? (
              <p>{t('noLoyaltyActivity')}</p>
            ) : (
              <table className="transactions">
                <thead>
                  <tr>
                    <th scope="col">{t('date')}</th>
                    <th scope="col">{t('description')}</th>
                    <th scope="col" className="num">
                      {t('points')}
                    </th>
                    <th scope="col" className="num">
                      {t('cashBack')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {loyalty.activity.edges.map(({ node }) => (
                    <tr key={node.id} data-testid="loyalty-movement" data-kind={node.kind}>
                      <td>{i18n.date(node.postedAt, true)}</td>
                      {/* English: the server's own words (they name the merchant); other languages: the kind */}
                      <td>{i18n.lang === 'en' ? node.description : t(MOVEMENT_KINDS[node.kind])}</td>
                      <td className="num amount">{node.points === 0 ? '' : signed.format(node.points)}</td>
                      <td className="num amount">{node.cashBack ? i18n.money(node.cashBack.amount, node.cashBack.currency, { signed: true }) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <RewardsCatalogue balance={loyalty?.points ?? 0} />
    </>
  );
}
