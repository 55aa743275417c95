import { dateTime, money } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { localized, regionName, sectorName } from '../reference.js';
import { Link } from '../router.js';
import type { Competition } from '../types.js';
import { StatusBadge } from './ui.js';

/** One competition in a list: title as a link, status, region, sector, value and deadline. */
export const CompetitionCard = ({ competition: c, href }: { competition: Competition; href?: string }) => {
  const { t, lang } = useI18n();
  return (
    <li class="card" data-testid="competition-card" data-id={c.id}>
      <article>
        <h2 class="card-title">
          <Link href={href ?? `/competitions/${encodeURIComponent(c.id)}`}>{localized(c.title, lang)}</Link>
        </h2>
        <StatusBadge status={c.status} />
        <dl class="card-facts">
          <div>
            <dt>{t('competition.region')}</dt>
            <dd>{regionName(c.kato, lang)}</dd>
          </div>
          <div>
            <dt>{t('competition.sector')}</dt>
            <dd>{sectorName(c.sector, lang)}</dd>
          </div>
          <div>
            <dt>{t('competition.value')}</dt>
            <dd data-testid="card-value">{money(c.estimatedValue, lang)}</dd>
          </div>
          {c.tenderPeriod && (
            <div>
              <dt>{t('competition.deadline')}</dt>
              <dd data-testid="card-deadline">{dateTime(c.tenderPeriod.endDate, lang)}</dd>
            </div>
          )}
        </dl>
      </article>
    </li>
  );
};
