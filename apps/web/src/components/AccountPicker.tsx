// The labelled account list the transactions and map screens filter by: each account by its
// name and masked IBAN, the chosen one by id.
import { useI18n } from '../i18n';

export interface PickableAccount {
  id: string;
  name: string;
  maskedIban: string;
}

export function AccountPicker({ accounts, value, onChange }: { accounts: readonly PickableAccount[]; value: string | undefined; onChange(id: string): void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('account')}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.maskedIban})
          </option>
        ))}
      </select>
    </label>
  );
}
