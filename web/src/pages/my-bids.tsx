/** The contractor's bids across competitions, with their state and deadlines. */
import { api } from '../api.js';
import { ErrorMessage, Loading, StatusBadge, useLoad } from '../components/ui.js';
import { dateTime, money } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { localized } from '../reference.js';
import { Link } from '../router.js';
import type { OwnBid } from '../types.js';

export const MyBidsPage = () => {
  const { t, lang } = useI18n();
  const bids = useLoad(() => api<{ items: OwnBid[] }>('/contractors/me/bids'), []);
  const items = bids.data?.items ?? [];
  return (
    <section aria-labelledby="bids-title">
      <h1 id="bids-title" tabIndex={-1}>
        {t('myBids.title')}
      </h1>
      <p class="lead">{t('myBids.lead')}</p>
      {bids.loading && !bids.data && <Loading />}
      <ErrorMessage error={bids.error} />
      {bids.data && items.length === 0 && <p class="empty">{t('myBids.none')}</p>}
      {items.length > 0 && (
        <ul class="cards" data-testid="my-bids">
          {items.map((b) => (
            <li class="card" key={b.competitionId}>
              <article>
                <h2 class="card-title">
                  <Link href={`/competitions/${encodeURIComponent(b.competitionId)}`}>{localized(b.title, lang)}</Link>
                </h2>
                {b.competitionStatus && <StatusBadge status={b.competitionStatus} />}
                <dl class="card-facts">
                  <div>
                    <dt>{t('bid.price')}</dt>
                    <dd data-testid="my-bid-price">{money(b.price, lang)}</dd>
                  </div>
                  <div>
                    <dt>{t('bid.status')}</dt>
                    <dd>{t(b.status === 'invalidated' ? 'bid.status.invalidated' : 'bid.status.submitted')}</dd>
                  </div>
                  <div>
                    <dt>{t('bid.submittedAt')}</dt>
                    <dd>{dateTime(b.submittedAt, lang)}</dd>
                  </div>
                  {b.deadline && (
                    <div>
                      <dt>{t('competition.deadline')}</dt>
                      <dd>{dateTime(b.deadline, lang)}</dd>
                    </div>
                  )}
                </dl>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
