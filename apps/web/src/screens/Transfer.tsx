// A transfer. Each attempt has its own idempotency key: "Retry" after a lost answer or a retryable
// refusal re-sends the same input with the same key, so the bank books it at most once (the answer
// then says `replayed`). Changing anything in the form starts a new attempt with a new key.
import { type FormEvent, useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { type TransferInput, type WebTransferMutation, WebDashboardDocument, WebTransferDocument } from '../gql/graphql';
import { failureOf } from '../errors';
import { useI18n } from '../i18n';
import { parseAmountInput, toMinor } from '../money';

type Outcome =
  { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; result: WebTransferMutation['transfer'] } | { kind: 'refused'; code: string; retryable: boolean };

interface Attempt {
  key: string;
  input: TransferInput;
}

// eslint-disable-next-line max-lines-per-function -- one screen: its state and its form's markup, which read best together
export function Transfer() {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useApolloClient();
  const accounts = (useQuery(WebDashboardDocument, { errorPolicy: 'all' }).data?.me?.accounts ?? []).filter((a) => a.status === 'ACTIVE');
  const [fromId, setFromId] = useState('');
  const [toKind, setToKind] = useState<'own' | 'iban'>('own');
  const [toId, setToId] = useState('');
  const [iban, setIban] = useState('');
  const [name, setName] = useState('');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [inputError, setInputError] = useState<string | null>(null);

  const from = accounts.find((a) => a.id === (fromId || accounts[0]?.id));
  const destinations = accounts.filter((a) => a.id !== from?.id);
  const to = toId || destinations[0]?.id || '';

  // any edit is a new attempt: the old key must not be sent with a different input
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setAttempt(null);
      if (outcome.kind !== 'sending') setOutcome({ kind: 'idle' });
    };

  const send = async (a: Attempt) => {
    setOutcome({ kind: 'sending' });
    try {
      const { data } = await client.mutate({ mutation: WebTransferDocument, variables: { input: { ...a.input, idempotencyKey: a.key } } });
      if (!data) throw new Error('empty answer');
      setOutcome({ kind: 'done', result: data.transfer });
      // balances and the list move with the transfer
      void client.refetchQueries({ include: 'active' });
    } catch (err) {
      const f = failureOf(err);
      setOutcome({ kind: 'refused', code: f.code, retryable: f.retryable });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from) return;
    const decimal = parseAmountInput(amount);
    let valid = decimal !== null;
    try {
      if (decimal !== null && toMinor(decimal, from.currency) <= 0n) valid = false;
    } catch {
      valid = false;
    }
    if (!valid || decimal === null) {
      setInputError(t('invalidAmountInput'));
      return;
    }
    setInputError(null);
    const input: TransferInput = {
      fromAccountId: from.id,
      to: toKind === 'own' ? { accountId: to } : { iban: iban.trim(), name: name.trim() },
      amount: { amount: decimal, currency: from.currency },
      reference: reference.trim() || undefined,
      idempotencyKey: '',
    };
    const next = attempt ?? { key: crypto.randomUUID(), input };
    setAttempt(next);
    void send(next);
  };

  const reset = () => {
    setAttempt(null);
    setOutcome({ kind: 'idle' });
    setAmount('');
    setReference('');
  };

  return (
    <>
      <h1>{t('navTransfer')}</h1>
      <form className="card narrow" onSubmit={submit} noValidate>
        <label htmlFor="from">{t('fromAccount')}</label>
        <select id="from" value={from?.id ?? ''} onChange={(e) => edit(setFromId)(e.target.value)}>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.maskedIban}) {a.balance ? i18n.money(a.balance.available.amount, a.balance.available.currency) : ''}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('to')}</legend>
          <label className="inline">
            <input type="radio" name="toKind" checked={toKind === 'own'} onChange={() => edit(setToKind)('own')} /> {t('toOwn')}
          </label>
          <label className="inline">
            <input type="radio" name="toKind" checked={toKind === 'iban'} onChange={() => edit(setToKind)('iban')} /> {t('toIban')}
          </label>
        </fieldset>
        {toKind === 'own' ? (
          <>
            <label htmlFor="to">{t('account')}</label>
            <select id="to" value={to} onChange={(e) => edit(setToId)(e.target.value)}>
              {destinations.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.maskedIban})
                </option>
              ))}
            </select>
          </>
        ) : (
          <>
            <label htmlFor="iban">{t('iban')}</label>
            <input id="iban" value={iban} onChange={(e) => edit(setIban)(e.target.value)} autoComplete="off" dir="ltr" />
            <label htmlFor="name">{t('beneficiary')}</label>
            <input id="name" value={name} onChange={(e) => edit(setName)(e.target.value)} />
          </>
        )}
        <label htmlFor="amount">
          {t('amount')} {from ? `(${from.currency})` : ''}
        </label>
        <input
          id="amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => edit(setAmount)(e.target.value)}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? 'amount-error' : undefined}
        />
        {inputError && (
          <p id="amount-error" className="error">
            {inputError}
          </p>
        )}
        <label htmlFor="reference">{t('reference')}</label>
        <input id="reference" value={reference} maxLength={140} onChange={(e) => edit(setReference)(e.target.value)} />
        <div className="actions">
          {outcome.kind === 'done' ? (
            <button type="button" onClick={reset}>
              {t('newTransfer')}
            </button>
          ) : (
            <button type="submit" disabled={outcome.kind === 'sending'}>
              {outcome.kind === 'sending' ? t('sending') : outcome.kind === 'refused' && outcome.retryable ? t('retry') : t('send')}
            </button>
          )}
        </div>
        <div aria-live="polite">
          {outcome.kind === 'done' && (
            <p role="status" className="ok" data-testid="transfer-result">
              {outcome.result.replayed ? t('transferReplayed') : t('transferDone')}: {i18n.money(outcome.result.amount.amount, outcome.result.amount.currency)}{' '}
              ({outcome.result.status})
            </p>
          )}
          {outcome.kind === 'refused' && (
            <p role="alert" className="error" data-testid="transfer-error" data-code={outcome.code}>
              {outcome.code === 'NETWORK' ? t('transferFailedNetwork') : i18n.refusal(outcome.code)}
            </p>
          )}
        </div>
      </form>
    </>
  );
}
