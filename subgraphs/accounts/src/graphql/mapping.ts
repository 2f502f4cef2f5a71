// Core records -> GraphQL shapes. Amounts go through lib/money so they are exact and always carry
// the currency's decimals.
import { parseDecimal, toGraphQL } from '../../../../lib/money';
import type { CoreAccount, CoreBalance, CoreCard, CoreTransaction } from '../../../../legacy-adapters/soap/src';
import { categoryOfMcc } from '../../../../lib/mcc-categories';
import { maskAccountNumber, maskIban } from '../domain/masking';

export function mapAccount(a: CoreAccount) {
  const amount = (text: string | undefined) => (text === undefined ? null : parseDecimal(text, a.currency));
  return {
    id: a.accountId,
    customerId: a.customerId,
    type: a.type,
    name: a.productName,
    currency: a.currency,
    status: a.status,
    maskedNumber: maskAccountNumber(a.accountNumber),
    maskedIban: maskIban(a.iban),
    openedOn: a.openedOn,
    interestRate: a.interestRate ?? null,
    creditLimit: a.creditLimit === undefined ? null : toGraphQL(parseDecimal(a.creditLimit, a.currency)),
    /** internal: the full IBAN, to recognise transfers between own accounts; never a field */
    iban: a.iban,
    loanPrincipal: amount(a.loanPrincipal),
    nextInstalment:
      a.nextInstalmentAmount !== undefined && a.nextInstalmentDate !== undefined
        ? { amount: toGraphQL(parseDecimal(a.nextInstalmentAmount, a.currency)), dueOn: a.nextInstalmentDate }
        : null,
    savingsGoalAmount: amount(a.savingsGoal),
  };
}
export type AccountModel = ReturnType<typeof mapAccount>;

/** The parent of LoanDetails fields: `outstanding` reads the account's balance. */
export interface LoanModel {
  principal: { amount: string; currency: string };
  account: AccountModel;
  nextInstalment: AccountModel['nextInstalment'];
}

export function mapBalance(b: CoreBalance) {
  return {
    available: toGraphQL(parseDecimal(b.available, b.currency)),
    ledger: toGraphQL(parseDecimal(b.ledger, b.currency)),
    asOf: b.asOf,
  };
}

export function mapTransaction(t: CoreTransaction) {
  const m = t.merchant;
  return {
    id: t.txnId,
    amount: toGraphQL(parseDecimal(t.amount, t.currency)),
    direction: t.direction,
    status: t.status,
    bookedAt: t.bookedAt,
    description: t.description,
    category: m ? categoryOfMcc(m.mcc) : null,
    counterpartyName: t.counterpartyName ?? null,
    merchant: m
      ? {
          name: m.name,
          mcc: m.mcc,
          category: categoryOfMcc(m.mcc),
          city: m.city,
          country: m.country,
          // coordinates are not money: a float is the right type for a map pin
          location: m.latitude && m.longitude ? { lat: Number(m.latitude), lon: Number(m.longitude) } : null,
        }
      : null,
  };
}

export function mapCard(c: CoreCard) {
  return {
    id: c.cardId,
    maskedPan: c.maskedPan,
    brand: c.brand,
    kind: c.kind,
    status: c.status,
    expiryMonth: c.expiryMonth,
    expiryYear: c.expiryYear,
    accountId: c.accountId,
    customerId: c.customerId,
  };
}
export type CardModel = ReturnType<typeof mapCard>;
