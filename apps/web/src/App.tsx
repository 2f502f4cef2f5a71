// The shell: sign-in until there is a session, then a header with the navigation and the language
// switch. Screens are picked by the URL hash (#/transactions), so a reload keeps the screen.
import { useEffect, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { useI18n, type MessageKey } from './i18n';
import { currentSession, type Session, signOut } from './session';
import { SignIn } from './screens/SignIn';
import { Dashboard } from './screens/Dashboard';
import { Transactions } from './screens/Transactions';
import { Transfer } from './screens/Transfer';
import { Spending } from './screens/Spending';
import { MerchantMap } from './screens/MerchantMap';
import { Offers } from './screens/Offers';
import { Loyalty } from './screens/Loyalty';
import { Notifications } from './screens/Notifications';
import { Consents } from './screens/Consents';

const SCREENS = {
  dashboard: 'navDashboard',
  transactions: 'navTransactions',
  transfer: 'navTransfer',
  spending: 'navSpending',
  map: 'navMap',
  offers: 'navOffers',
  loyalty: 'navLoyalty',
  notifications: 'navNotifications',
  consents: 'navConsents',
} as const satisfies Record<string, MessageKey>;
type Screen = keyof typeof SCREENS;

function screenOf(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return name in SCREENS ? (name as Screen) : 'dashboard';
}

export function App() {
  const i18n = useI18n();
  const client = useApolloClient();
  const [session, setSession] = useState<Session | null>(currentSession);
  const [screen, setScreen] = useState<Screen>(() => screenOf(location.hash));
  useEffect(() => {
    const onHash = () => setScreen(screenOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${i18n.t(session ? SCREENS[screen] : 'signInTitle')} · ${i18n.t('appName')}`;
  }, [i18n, screen, session]);

  const languageSwitch = (
    <button type="button" className="link" lang={i18n.lang === 'fa' ? 'en' : 'fa'} onClick={() => i18n.setLang(i18n.lang === 'fa' ? 'en' : 'fa')}>
      {i18n.t('language')}
    </button>
  );

  if (!session)
    return (
      <>
        <header className="top">
          <span className="brand">{i18n.t('appName')}</span>
          {languageSwitch}
        </header>
        <main id="main">
          <SignIn
            onSignedIn={(s) => {
              setSession(s);
              location.hash = '#/dashboard';
            }}
          />
        </main>
      </>
    );

  return (
    <>
      <header className="top">
        <span className="brand">{i18n.t('appName')}</span>
        <nav aria-label="main">
          {(Object.keys(SCREENS) as Screen[]).map((s) => (
            <a key={s} href={`#/${s}`} aria-current={s === screen ? 'page' : undefined}>
              {i18n.t(SCREENS[s])}
            </a>
          ))}
        </nav>
        {languageSwitch}
        <button
          type="button"
          className="link"
          onClick={() => {
            signOut();
            void client.clearStore();
            setSession(null);
          }}
        >
          {i18n.t('signOut')}
        </button>
      </header>
      <main id="main">
        {screen === 'dashboard' && <Dashboard />}
        {screen === 'transactions' && <Transactions />}
        {screen === 'transfer' && <Transfer />}
        {screen === 'spending' && <Spending />}
        {screen === 'map' && <MerchantMap />}
        {screen === 'offers' && <Offers />}
        {screen === 'loyalty' && <Loyalty />}
        {screen === 'notifications' && <Notifications />}
        {screen === 'consents' && <Consents />}
      </main>
    </>
  );
}
