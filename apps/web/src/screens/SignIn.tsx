// Demo sign-in: one of the core simulator's demo customers (core-simulator/README.md).
import { type FormEvent, useState } from 'react';
import { useI18n } from '../i18n';
import { type Session, signIn } from '../session';

export const DEMO_CUSTOMERS = [
  { id: 'C-000001', label: 'Mia Hoffmann (C-000001)' },
  { id: 'C-000002', label: 'C-000002' },
  { id: 'C-000003', label: 'C-000003' },
  { id: 'C-000004', label: 'C-000004' },
  { id: 'C-000005', label: 'C-000005' },
];

export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [customerId, setCustomerId] = useState('C-000001');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    signIn(customerId).then(onSignedIn, (err: unknown) => {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    });
  };
  return (
    <section className="card narrow">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInLead')}</p>
      <form onSubmit={submit}>
        <label htmlFor="customer">{t('customer')}</label>
        {/* any of the simulator's customers by number; the demo ones are offered as suggestions */}
        <input
          id="customer"
          list="demo-customers"
          value={customerId}
          onChange={(e) => setCustomerId(e.target.value.trim().toUpperCase())}
          required
          pattern="C-[0-9]{6}"
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id="demo-customers">
          {DEMO_CUSTOMERS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
        {error && (
          <p role="alert" className="error">
            {t('signInFailed')}: {error}
          </p>
        )}
      </form>
    </section>
  );
}
