// Card purchases on a map: an account's latest debits grouped by merchant, one pin per merchant
// (count and total), the selected merchant's purchases beside the map, and the same merchants as
// a list for screen readers and keyboards. The map (d3-geo and the shapes) is a lazy chunk.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { WebDashboardDocument, WebMerchantMapDocument } from '../gql/graphql';
import { useI18n } from '../i18n';
import { AccountPicker } from '../components/AccountPicker';
import { fromMinor } from '../money';
import { groupByMerchant, type MerchantPin } from '../merchant-map';

const MapView = lazy(() => import('./MapView'));

/** the page the map asks for: the latest card purchases (the test asks the gateway the same) */
export const MAP_PAGE = 100;

// eslint-disable-next-line max-lines-per-function -- one screen: the map, its side panel and the list read best together
export function MerchantMap() {
  const i18n = useI18n();
  const { t } = i18n;
  const accounts = useQuery(WebDashboardDocument, { errorPolicy: 'all' }).data?.me?.accounts ?? [];
  const [accountId, setAccountId] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const account = accountId ?? accounts[0]?.id;
  const { data, loading, error, fetchMore } = useQuery(WebMerchantMapDocument, {
    variables: { accountId: account ?? '', first: MAP_PAGE },
    skip: !account,
    notifyOnNetworkStatusChange: true,
    // a purchase made since shows when the map is opened again
    fetchPolicy: 'cache-and-network',
  });
  const connection = data?.account?.transactions;
  const currency = data?.account?.currency ?? 'EUR';
  const grouped = useMemo(
    () =>
      groupByMerchant(
        (connection?.edges ?? []).map((e) => e.node),
        currency,
      ),
    [connection, currency],
  );
  const pin = grouped.merchants.find((m) => m.key === selected);

  const plural = new Intl.PluralRules(i18n.locale);
  const purchases = (n: number) => `${i18n.number(n)} ${t(plural.select(n) === 'one' ? 'purchase' : 'purchases')}`;
  const place = (m: MerchantPin) => [m.city, m.country].filter(Boolean).join(', ');
  const pinLabel = (m: MerchantPin) => `${m.name}, ${m.city ?? m.country ?? ''}, ${purchases(m.count)}`;
  const total = (m: MerchantPin) => i18n.money(fromMinor(m.total, m.currency), m.currency);
  const clusterLabel = (pins: readonly MerchantPin[]) => {
    const named = pins.slice(0, 3).map((m) => m.name);
    const rest = pins.length - named.length;
    const list = new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(rest > 0 ? [...named, `${i18n.number(rest)} ${t('mapClusterMore')}`] : named);
    return `${i18n.number(pins.length)} ${t('mapClusterPlaces')}: ${list}, ${t('mapZoomIn')}`;
  };

  return (
    <>
      <h1>{t('mapTitle')}</h1>
      <div className="filters card">
        <AccountPicker
          accounts={accounts}
          value={account}
          onChange={(id) => {
            setAccountId(id);
            setSelected(undefined);
          }}
        />
      </div>
      {error && <p role="alert">{i18n.refusal(undefined)}</p>}
      {loading && !data && <p aria-live="polite">{t('loading')}</p>}
      {connection && (
        <p role="status">
          {purchases(grouped.purchases)} · {i18n.number(grouped.merchants.length)} {t('mapPlaces')} ·{' '}
          <span data-testid="unlocated" data-count={grouped.unlocated}>
            {purchases(grouped.unlocated)} {t('withoutLocation')}
          </span>
        </p>
      )}
      {grouped.merchants.length > 0 && (
        <div className="map-layout">
          <figure className="card map-figure">
            <Suspense fallback={<p aria-live="polite">{t('loading')}</p>}>
              <MapView
                // a new account starts on the whole map
                key={account}
                merchants={grouped.merchants}
                selected={selected}
                onSelect={setSelected}
                label={t('mapTitle')}
                pinLabel={pinLabel}
                clusterLabel={clusterLabel}
                wholeMapLabel={t('mapWholeMap')}
                number={i18n.number}
              />
            </Suspense>
          </figure>
          <section className="card map-panel" aria-live="polite" aria-labelledby="map-panel-title">
            {pin ? (
              <>
                <h2 id="map-panel-title">{pin.name}</h2>
                <p>
                  {place(pin)} · {purchases(pin.count)} · {t('total')}: <span className="amount">{total(pin)}</span>
                </p>
                <table className="transactions">
                  <thead>
                    <tr>
                      <th scope="col">{t('date')}</th>
                      <th scope="col" className="num">
                        {t('amount')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {pin.purchases.map((p) => (
                      <tr key={p.id} data-testid="merchant-transaction">
                        <td>{i18n.date(p.bookedAt)}</td>
                        <td className="num amount debit">{i18n.money(`-${p.amount.amount}`, p.amount.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <h2 id="map-panel-title" className="muted">
                {t('mapPickPin')}
              </h2>
            )}
          </section>
        </div>
      )}
      {connection?.pageInfo.hasNextPage && (
        <button type="button" disabled={loading} onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}>
          {loading ? t('loading') : t('loadMore')}
        </button>
      )}
      {grouped.merchants.length > 0 && (
        <section aria-labelledby="map-list-title">
          <h2 id="map-list-title">{t('mapList')}</h2>
          <ul className="merchant-list">
            {grouped.merchants.map((m) => (
              <li key={m.key} data-testid="merchant-row">
                <button type="button" className="link" aria-pressed={m.key === selected} onClick={() => setSelected(m.key)}>
                  {m.name}
                </button>{' '}
                <span className="muted">
                  {place(m)} · {purchases(m.count)} · <span className="amount">{total(m)}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
