// The in-app inbox, newest first: unread ones stand out, "mark all as read" marks up to the newest
// shown. A message stored while the screen is open arrives over the live subscription
// (notificationAdded) and the list is read again, so the inbox stays the one record.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  WebMarkNotificationsReadDocument,
  WebNotificationAddedDocument,
  type WebNotificationAddedSubscription,
  WebNotificationsDocument,
} from '../gql/graphql';
import { failureOf } from '../errors';
import { useI18n } from '../i18n';
import { subscribe } from '../live';

export function Notifications() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, loading, error, refetch, fetchMore } = useQuery(WebNotificationsDocument, { errorPolicy: 'all', fetchPolicy: 'cache-and-network' });
  const [markRead, marking] = useMutation(WebMarkNotificationsReadDocument);
  const [live, setLive] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // one stream while the screen is open: the latest refetch through a ref, not a dependency that
  // would close and reopen the stream on every render
  const reload = useRef(refetch);
  reload.current = refetch;
  useEffect(
    () =>
      subscribe<WebNotificationAddedSubscription>(WebNotificationAddedDocument, 'WebNotificationAdded', (event) => {
        setLive(event.notificationAdded.title);
        void reload.current();
      }),
    [],
  );
  if (loading && !data) return <p aria-live="polite">{t('loading')}</p>;
  const me = data?.me;
  const edges = me?.notifications?.edges ?? [];
  const newest = edges[0]?.node.id;
  const unread = me?.unreadNotificationCount ?? 0;
  const markAll = () => {
    if (!newest) return;
    setFailure(null);
    markRead({ variables: { upTo: newest } }).then(
      () => refetch(),
      (err: unknown) => setFailure(i18n.refusal(failureOf(err).code)),
    );
  };
  return (
    <>
      <h1>{t('navNotifications')}</h1>
      {error && !me && <p role="status">{t('partial')}</p>}
      <p aria-live="polite" data-testid="unread">
        {t('unread')}: {i18n.number(unread)}
      </p>
      <p aria-live="polite" className="ok" data-testid="live-notification">
        {live ? `${t('justArrived')}: ${live}` : ''}
      </p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {unread > 0 && (
        <button type="button" onClick={markAll} disabled={marking.loading}>
          {t('markAllRead')}
        </button>
      )}
      {me && edges.length === 0 && <p>{t('noNotifications')}</p>}
      <ul className="inbox">
        {edges.map(({ node: n }) => (
          <li key={n.id} className={`card ${n.readAt ? '' : 'unread'}`} data-testid="notification" data-read={n.readAt ? 'yes' : 'no'}>
            {/* the message's own language and direction, whatever the app's */}
            <h2 dir={n.direction === 'RTL' ? 'rtl' : 'ltr'}>{n.title}</h2>
            <p dir={n.direction === 'RTL' ? 'rtl' : 'ltr'}>{n.body}</p>
            <p className="muted">
              {i18n.date(n.deliveredAt, true)}
              {n.readAt ? '' : ` · ${t('new')}`}
            </p>
          </li>
        ))}
      </ul>
      {me?.notifications?.pageInfo.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void fetchMore({ variables: { after: me.notifications?.pageInfo.endCursor } })}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
}
