// The partners the customer shares data with: what each may see now, every change that led there
// (granted, revoked, when, which data), and a revoke that takes effect at once. Revoking is a new
// version of the consent, never a deletion: the history stays, as the partners subgraph keeps it.
import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { type PartnerConsentScope, WebPartnerConsentsDocument, WebRevokePartnerConsentDocument } from '../gql/graphql';
import { failureOf } from '../errors';
import { useI18n, type MessageKey } from '../i18n';

const SCOPE_WORDS: Record<PartnerConsentScope, MessageKey> = {
  PROFILE_BASIC: 'scopeProfile',
  LOYALTY_TIER: 'scopeTier',
  SPEND_CATEGORIES: 'scopeSpend',
};

export function Consents() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, loading, error, refetch } = useQuery(WebPartnerConsentsDocument, { errorPolicy: 'all', fetchPolicy: 'cache-and-network' });
  const [revoke, revoking] = useMutation(WebRevokePartnerConsentDocument);
  const [failure, setFailure] = useState<string | null>(null);
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  const consents = data?.me?.partnerConsents;
  const scopes = (list: readonly PartnerConsentScope[]) => (list.length === 0 ? t('nothingShared') : list.map((s) => t(SCOPE_WORDS[s])).join(', '));
  const onRevoke = (partnerId: string) => {
    setFailure(null);
    // a consent has no id of its own for the cache to update in place: the list is read again
    revoke({ variables: { partnerId } }).then(
      () => refetch(),
      (err: unknown) => setFailure(i18n.refusal(failureOf(err).code)),
    );
  };
  return (
    <>
      <h1>{t('navConsents')}</h1>
      <p className="muted">{t('consentsLead')}</p>
      {error && !consents && <p role="status">{t('partial')}</p>}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {consents && consents.length === 0 && <p>{t('noConsents')}</p>}
      <ul className="tiles">
        {(consents ?? []).map((c) => (
          <li key={c.partner.id} className="card" data-testid="consent" data-active={c.active ? 'yes' : 'no'}>
            <h2>{c.partner.name}</h2>
            {/* a revoked consent shares nothing: its status says so, with no empty list after it */}
            <p>{c.active ? `${t('consentActive')}: ${scopes(c.scopes)}` : `${t('consentRevoked')} · ${t('nothingShared')}`}</p>
            {c.active && (
              <button type="button" className="secondary" disabled={revoking.loading} onClick={() => onRevoke(c.partner.id)}>
                {t('revoke')}
              </button>
            )}
            <h3>{t('consentHistory')}</h3>
            <ol className="history">
              {[...c.history]
                .sort((a, b) => b.version - a.version)
                .map((h) => (
                  <li key={h.version}>
                    {i18n.date(h.recordedAt, true)}: {h.action === 'GRANTED' ? `${t('granted')} · ${scopes(h.scopes)}` : t('revoked')}
                  </li>
                ))}
            </ol>
          </li>
        ))}
      </ul>
    </>
  );
}
