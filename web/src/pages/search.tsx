/** Public search: competitions filtered by region, sector and status, a page at a time (cursor paging). */
import { api, type Page } from '../api.js';
import { CompetitionCard } from '../components/competition-card.js';
import { ErrorMessage, Loading, PagedListEnd, usePagedList } from '../components/ui.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { PUBLIC_STATUSES, SECTOR_CODES, sectorName, sortedRegions } from '../reference.js';
import { navigate, useLocation } from '../router.js';
import type { Competition } from '../types.js';

const PAGE_SIZE = '10';

export const SearchPage = () => {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const region = query.get('region') ?? '';
  const sector = query.get('sector') ?? '';
  const status = query.get('status') ?? '';
  const list = usePagedList<Competition>(
    (cursor) => api<Page<Competition>>('/competitions', { query: { region, sector, status, limit: PAGE_SIZE, cursor } }),
    [region, sector, status],
  );
  const { items, loading, error } = list;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const params = new URLSearchParams();
    for (const name of ['region', 'sector', 'status']) {
      const value = String(data.get(name) ?? '');
      if (value) params.set(name, value);
    }
    navigate(params.toString() ? `/?${params}` : '/');
  };

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title" tabIndex={-1}>
        {t('search.title')}
      </h1>
      <p class="lead">{t('search.lead')}</p>
      <form class="filters" role="search" aria-label={t('search.filters')} onSubmit={onSubmit}>
        <div class="field">
          <label for="filter-region">{t('search.region')}</label>
          <select id="filter-region" name="region" value={region} key={`r-${region}`}>
            <option value="">{t('search.anyRegion')}</option>
            {sortedRegions(lang).map((r) => (
              <option key={r.kato} value={r.kato}>
                {r.name[lang]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-sector">{t('search.sector')}</label>
          <select id="filter-sector" name="sector" value={sector} key={`s-${sector}`}>
            <option value="">{t('search.anySector')}</option>
            {SECTOR_CODES.map((code) => (
              <option key={code} value={code}>
                {sectorName(code, lang)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-status">{t('search.status')}</label>
          <select id="filter-status" name="status" value={status} key={`st-${status}`}>
            <option value="">{t('search.anyStatus')}</option>
            {PUBLIC_STATUSES.map((code) => (
              <option key={code} value={code}>
                {t(`status.${code}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t('search.submit')}
          </button>
          {(region || sector || status) && (
            <button type="button" class="button button-secondary" onClick={() => navigate('/')}>
              {t('search.reset')}
            </button>
          )}
        </div>
      </form>

      <h2 class="visually-hidden">{t('search.results')}</h2>
      <p role="status" class="result-count" data-testid="result-count">
        {!loading || items.length ? t('search.shown', { count: items.length }) : ''}
      </p>
      <ErrorMessage error={error} />
      {items.length > 0 && (
        <ul class="cards" data-testid="results">
          {items.map((c) => (
            <CompetitionCard key={c.id} competition={c} />
          ))}
        </ul>
      )}
      {!loading && !error && items.length === 0 && <p class="empty">{t('search.none')}</p>}
      <PagedListEnd list={list} />
    </section>
  );
};
