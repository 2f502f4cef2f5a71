// Offers with the reason each is made, accepted or dismissed in place. The answer stays on screen
// until the list is loaded again (the gateway leaves answered offers out of the next list).
import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { type OfferResponse, WebOffersDocument, WebRespondToOfferDocument } from '../gql/graphql';
import { failureOf } from '../errors';
import { useI18n } from '../i18n';

export function Offers() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, loading, error } = useQuery(WebOffersDocument, {
    variables: { locale: i18n.lang === 'fa' ? 'FA' : 'EN' },
    errorPolicy: 'all',
    fetchPolicy: 'cache-and-network',
  });
  const [respond] = useMutation(WebRespondToOfferDocument);
  const [answers, setAnswers] = useState<Record<string, OfferResponse | { code: string }>>({});
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  const offers = data?.me?.offers;
  const answer = (offerId: string, response: OfferResponse) =>
    respond({ variables: { offerId, response } }).then(
      () => setAnswers((a) => ({ ...a, [offerId]: response })),
      (err: unknown) => setAnswers((a) => ({ ...a, [offerId]: { code: failureOf(err).code } })),
    );
  return (
    <>
      <h1>{t('navOffers')}</h1>
      {error && !offers && <p role="status">{t('partial')}</p>}
      {offers && offers.length === 0 && <p>{t('noOffers')}</p>}
      <ul className="tiles">
        {(offers ?? []).map((o) => {
          const done = answers[o.id];
          return (
            <li key={o.id} className="card" data-testid="offer">
              <h2 className="offer-title">{o.title}</h2>
              <p className="muted" data-testid="offer-reason">
                {t('offerWhy')}: {o.reason}
              </p>
              <p className="muted">
                {t('offerUntil')} {i18n.date(o.expiresAt)}
              </p>
              <div aria-live="polite">
                {done === undefined ? (
                  <div className="actions">
                    <button type="button" onClick={() => void answer(o.id, 'ACCEPT')}>
                      {t('accept')}
                    </button>{' '}
                    <button type="button" className="secondary" onClick={() => void answer(o.id, 'DISMISS')}>
                      {t('dismiss')}
                    </button>
                  </div>
                ) : typeof done === 'string' ? (
                  <p role="status" className="ok" data-testid="offer-answer">
                    {done === 'ACCEPT' ? t('accepted') : t('dismissed')}
                  </p>
                ) : (
                  <p role="alert" className="error">
                    {i18n.refusal(done.code)}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
