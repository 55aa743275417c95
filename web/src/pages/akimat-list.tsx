/** The akimat's competitions in its region, drafts included (GET /my/competitions). */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { CompetitionCard } from '../components/competition-card.js';
import { ErrorMessage, Loading, PagedListEnd, usePagedList } from '../components/ui.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { COMPETITION_STATUSES, regionName } from '../reference.js';
import { Link } from '../router.js';
import type { Competition } from '../types.js';

export const AkimatListPage = () => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [status, setStatus] = useState('');
  const list = usePagedList<Competition>(
    (cursor) => api<Page<Competition>>('/my/competitions', { query: { status, limit: '20', cursor } }),
    [status],
  );
  const { items, loading, error } = list;

  return (
    <section aria-labelledby="akimat-title">
      <h1 id="akimat-title" tabIndex={-1}>
        {t('akimat.title')}
      </h1>
      <p class="lead">{t('akimat.lead', { region: regionName(session?.kato, lang) })}</p>
      <p>
        <Link class="button" href="/akimat/new">
          {t('nav.newCompetition')}
        </Link>
      </p>
      <div class="filters filters-inline">
        <div class="field">
          <label for="akimat-status">{t('search.status')}</label>
          <select id="akimat-status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('search.anyStatus')}</option>
            {COMPETITION_STATUSES.map((code) => (
              <option key={code} value={code}>
                {t(`status.${code}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={error} />
      {items.length > 0 && (
        <ul class="cards" data-testid="my-competitions">
          {items.map((c) => (
            <CompetitionCard key={c.id} competition={c} href={`/akimat/competitions/${encodeURIComponent(c.id)}`} />
          ))}
        </ul>
      )}
      {!loading && !error && items.length === 0 && <p class="empty">{t('akimat.none')}</p>}
      <PagedListEnd list={list} />
    </section>
  );
};
