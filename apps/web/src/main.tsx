import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createClient } from './apollo';
import { App } from './App';
import { I18nProvider } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <ApolloProvider client={createClient()}>
        <I18nProvider>
          <App />
        </I18nProvider>
      </ApolloProvider>
    </StrictMode>,
  );
