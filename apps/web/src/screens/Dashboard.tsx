import { useQuery } from '@apollo/client/react';
import { WebDashboardDocument } from '../gql/graphql';
import { useI18n } from '../i18n';

export function Dashboard() {
  const i18n = useI18n();
  const { t } = i18n;
  // partial answers render: a failing loyalty service blanks its card, not the page
  const { data, error, loading } = useQuery(WebDashboardDocument, { errorPolicy: 'all' });
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  const me = data?.me;
  const loyalty = me?.loyalty;
  return (
    <>
      <h1>
        {t('hello')}
        {me?.displayName ? `, ${me.displayName}` : ''}
      </h1>
      {error && <p role="status">{t('partial')}</p>}
      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('accounts')}</h2>
        <ul className="tiles">
          {(me?.accounts ?? []).map((a) => (
            <li key={a.id} className="card" data-testid="account">
              <h3>{a.name}</h3>
              <p className="muted">
                <bdi>{a.maskedIban}</bdi> · {a.type}
              </p>
              {a.balance && (
                <dl>
                  <dt>{t('available')}</dt>
                  <dd className="amount" data-testid="available">
                    {i18n.money(a.balance.available.amount, a.balance.available.currency)}
                  </dd>
                  <dt>{t('ledger')}</dt>
                  <dd className="amount">{i18n.money(a.balance.ledger.amount, a.balance.ledger.currency)}</dd>
                </dl>
              )}
            </li>
          ))}
        </ul>
      </section>
      {loyalty && (
        <section aria-labelledby="loyalty-title" className="card">
          <h2 id="loyalty-title">{t('loyalty')}</h2>
          <dl className="grid">
            <dt>{t('points')}</dt>
            <dd data-testid="points">{i18n.number(loyalty.points)}</dd>
            <dt>{t('tier')}</dt>
            <dd>{loyalty.tier.tier}</dd>
            <dt>{t('cashBackToday')}</dt>
            <dd className="amount">{i18n.money(loyalty.cashBack.pendingToday.amount, loyalty.cashBack.pendingToday.currency)}</dd>
            <dt>{t('cashBackMonth')}</dt>
            <dd className="amount">{i18n.money(loyalty.cashBack.paidThisMonth.amount, loyalty.cashBack.paidThisMonth.currency)}</dd>
            <dt>{t('cashBackLifetime')}</dt>
            <dd className="amount" data-testid="cashback-lifetime">
              {i18n.money(loyalty.cashBack.lifetime.amount, loyalty.cashBack.lifetime.currency)}
            </dd>
          </dl>
        </section>
      )}
    </>
  );
}
