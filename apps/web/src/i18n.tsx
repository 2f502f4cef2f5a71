// English and Persian. Persian is right-to-left with Persian digits, and dates in the Persian
// (Solar Hijri) calendar, all through Intl: `fa-IR-u-ca-persian` picks the calendar and the digits.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { formatMoney } from './money';
import { en, fa, type Lang, type MessageKey, refusals } from './messages';

export type { Lang, MessageKey };

export interface I18n {
  lang: Lang;
  locale: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey): string;
  refusal(code: string | undefined): string;
  money(amount: string, currency: string, opts?: { signed?: boolean }): string;
  number(n: number | bigint): string;
  date(iso: string, withTime?: boolean): string;
  setLang(lang: Lang): void;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'fa' ? 'fa' : 'en'));
  const value = useMemo<I18n>(() => {
    const locale = lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB';
    const messages = lang === 'fa' ? fa : en;
    return {
      lang,
      locale,
      dir: lang === 'fa' ? 'rtl' : 'ltr',
      t: (key) => messages[key],
      refusal: (code) => refusals[lang][code ?? 'UNKNOWN'] ?? `${refusals[lang].UNKNOWN} (${code})`,
      money: (amount, currency, opts) => formatMoney(amount, currency, locale, opts),
      number: (n) => new Intl.NumberFormat(locale).format(n),
      date: (iso, withTime = false) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) }).format(new Date(iso)),
      setLang: (next) => {
        localStorage.setItem('lang', next);
        setLangState(next);
      },
    };
  }, [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = value.dir;
  }, [lang, value.dir]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
