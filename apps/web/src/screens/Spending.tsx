// This month's card spending by category as an SVG bar chart. Bar lengths come from the shares the
// gateway computed (two-decimal strings adding up to 100.00), scaled in integers: no float maths
// on money, and the chart reads the same in both directions (the bars grow from the start side).
import { useQuery } from '@apollo/client/react';
import { WebSpendingDocument } from '../gql/graphql';
import { useI18n } from '../i18n';
import { toMinor } from '../money';

const WIDTH = 600;
const BAR = 28;
const GAP = 12;
const LABEL = 170;

/** "37.25" -> 3725 hundredths of a percent */
const hundredths = (share: string) => Number(toMinor(share, 'EUR'));

export function Spending() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, loading, error } = useQuery(WebSpendingDocument, { errorPolicy: 'all' });
  const spending = data?.me?.spending;
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  if (!spending) return <p role="status">{error ? t('partial') : t('noTransactions')}</p>;
  const cats = spending.categories;
  const max = Math.max(1, ...cats.map((c) => hundredths(c.share)));
  const height = cats.length * (BAR + GAP);
  const rtl = i18n.dir === 'rtl';
  return (
    <>
      <h1>{t('spendingTitle')}</h1>
      <p>
        {i18n.date(spending.from)} – {i18n.date(spending.to)} · {t('total')}:{' '}
        <span className="amount">{i18n.money(spending.total.amount, spending.total.currency)}</span>
      </p>
      <figure className="card">
        <svg role="img" aria-labelledby="spending-desc" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" direction={rtl ? 'rtl' : 'ltr'}>
          <title id="spending-desc">{t('spendingTitle')}</title>
          {cats.map((c, i) => {
            const length = Math.round(((WIDTH - LABEL - 160) * hundredths(c.share)) / max);
            const y = i * (BAR + GAP);
            const x = rtl ? WIDTH - LABEL - length : LABEL;
            return (
              <g key={c.category}>
                <text x={rtl ? WIDTH : 0} y={y + BAR * 0.7} textAnchor="start" fontSize="14">
                  {c.label}
                </text>
                <rect x={x} y={y} width={Math.max(length, 1)} height={BAR} rx="3" className="bar" />
                <text x={rtl ? x - 8 : x + length + 8} y={y + BAR * 0.7} textAnchor="start" fontSize="13">
                  {i18n.money(c.total.amount, c.total.currency)} · {i18n.number(hundredths(c.share) / 100)}%
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
    </>
  );
}
