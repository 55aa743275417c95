/** "My contracts": the contractor's contracts as the supplier, with their status and a link to each contract's page. */
import { api, type Page } from '../api.js';
import { ErrorMessage, Loading, useLoad } from '../components/ui.js';
import { dateTime, money } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { localized } from '../reference.js';
import { Link } from '../router.js';
import type { Contract } from '../types.js';

export const MyContractsPage = () => {
  const { t, lang } = useI18n();
  const contracts = useLoad(() => api<Page<Contract>>('/my/contracts'), []);
  const items = contracts.data?.items ?? [];
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title" tabIndex={-1}>
        {t('myContracts.title')}
      </h1>
      {contracts.loading && !contracts.data && <Loading />}
      <ErrorMessage error={contracts.error} />
      {contracts.data && items.length === 0 && <p class="empty">{t('myContracts.none')}</p>}
      {items.length > 0 && (
        <table data-testid="my-contracts">
          <caption>{t('myContracts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('myContracts.contract')}</th>
              <th scope="col">{t('myContracts.buyer')}</th>
              <th scope="col">{t('myContracts.status')}</th>
              <th scope="col">{t('myContracts.value')}</th>
              <th scope="col">{t('myContracts.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-id={c.id} data-status={c.status}>
                <th scope="row">
                  <Link href={`/contracts/${encodeURIComponent(c.id)}`}>{localized(c.title, lang)}</Link>
                </th>
                <td>{c.buyer.name}</td>
                <td>
                  <span class="badge" data-status={c.status}>
                    {t(`contract.status.${c.status}` as MessageKey)}
                  </span>
                </td>
                <td>{money(c.value, lang)}</td>
                <td>{c.status === 'pending' ? dateTime(c.signingDeadline, lang) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
