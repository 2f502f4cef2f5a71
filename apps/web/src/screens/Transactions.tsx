// One account's transactions with the filters the schema offers (TransactionFilter), paged on the
// cursor: the next page loads when the end of the list scrolls into view (and by a button, for
// keyboards and screen readers).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { type Direction, type SpendingCategory, type TransactionFilter, WebDashboardDocument, WebTransactionsDocument } from '../gql/graphql';
import { useI18n } from '../i18n';
import { AccountPicker } from '../components/AccountPicker';
import { parseAmountInput } from '../money';
import { CATEGORIES as SPENDING_CATEGORIES } from '../../../../lib/spending-categories';

const PAGE = 20;
// the server's list: a category added there shows here without a second edit
const CATEGORIES: readonly SpendingCategory[] = SPENDING_CATEGORIES;

function filterOf(form: HTMLFormElement): TransactionFilter {
  const v = (name: string) => {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    return el?.value.trim() || undefined;
  };
  const amount = (name: string) => {
    const text = v(name);
    return text ? (parseAmountInput(text) ?? undefined) : undefined;
  };
  return {
    from: v('from'),
    to: v('to'),
    direction: v('direction') as Direction | undefined,
    category: v('category') as SpendingCategory | undefined,
    minAmount: amount('minAmount'),
    maxAmount: amount('maxAmount'),
    text: v('text'),
  };
}

// eslint-disable-next-line max-lines-per-function -- one screen: its state and its form's markup, which read best together
export function Transactions() {
  const i18n = useI18n();
  const { t } = i18n;
  const accounts = useQuery(WebDashboardDocument, { errorPolicy: 'all' }).data?.me?.accounts ?? [];
  const [accountId, setAccountId] = useState<string | undefined>();
  const [filter, setFilter] = useState<TransactionFilter>({});
  const selected = accountId ?? accounts[0]?.id;
  const { data, loading, error, fetchMore } = useQuery(WebTransactionsDocument, {
    variables: { accountId: selected ?? '', first: PAGE, filter },
    skip: !selected,
    notifyOnNetworkStatusChange: true,
    // a transfer made on another screen shows when the list is opened again
    fetchPolicy: 'cache-and-network',
  });
  const connection = data?.account?.transactions;
  const pageInfo = connection?.pageInfo;
  const loadMore = () => {
    if (!pageInfo?.hasNextPage || loading) return;
    void fetchMore({ variables: { after: pageInfo.endCursor } });
  };
  const sentinel = useRef<HTMLDivElement>(null);
  const loadMoreRef = useRef(loadMore);
  loadMoreRef.current = loadMore;
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMoreRef.current());
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilter(filterOf(e.currentTarget));
  };

  return (
    <>
      <h1>{t('navTransactions')}</h1>
      <form className="filters card" onSubmit={apply} aria-label={t('search')}>
        <AccountPicker accounts={accounts} value={selected} onChange={setAccountId} />
        <label>
          {t('from')}
          <input type="date" name="from" />
        </label>
        <label>
          {t('to')}
          <input type="date" name="to" />
        </label>
        <label>
          {t('direction')}
          <select name="direction" defaultValue="">
            <option value="">{t('any')}</option>
            <option value="DEBIT">{t('debit')}</option>
            <option value="CREDIT">{t('credit')}</option>
          </select>
        </label>
        <label>
          {t('category')}
          <select name="category" defaultValue="">
            <option value="">{t('any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c.replace('_', ' ').toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('minAmount')}
          <input name="minAmount" inputMode="decimal" />
        </label>
        <label>
          {t('maxAmount')}
          <input name="maxAmount" inputMode="decimal" />
        </label>
        <label>
          {t('search')}
          <input name="text" type="search" minLength={2} maxLength={64} />
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      {error && <p role="alert">{i18n.refusal(undefined)}</p>}
      <table className="transactions">
        <thead>
          <tr>
            <th scope="col">{t('date')}</th>
            <th scope="col">{t('description')}</th>
            <th scope="col" className="num">
              {t('amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {(connection?.edges ?? []).map(({ node }) => (
            <tr key={node.id} data-testid="transaction">
              <td>{i18n.date(node.bookedAt)}</td>
              <td>
                {node.merchant?.name ?? node.counterpartyName ?? node.description}
                {node.status !== 'BOOKED' && <span className="badge">{node.status}</span>}
              </td>
              <td className={`num amount ${node.direction === 'DEBIT' ? 'debit' : 'credit'}`}>
                {i18n.money(node.direction === 'DEBIT' ? `-${node.amount.amount}` : node.amount.amount, node.amount.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {connection && connection.edges.length === 0 && <p>{t('noTransactions')}</p>}
      <div ref={sentinel} aria-hidden="true" className="sentinel" />
      {pageInfo?.hasNextPage ? (
        <button type="button" onClick={loadMore} disabled={loading}>
          {loading ? t('loading') : t('loadMore')}
        </button>
      ) : (
        connection && connection.edges.length > 0 && <p className="muted">{t('noMore')}</p>
      )}
    </>
  );
}
