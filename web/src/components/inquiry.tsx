/** Pieces of the inquiry pages: status badge, the responsible party's name, the facts and the answer. */
import { Facts } from './ui.js';
import { dateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { MINISTRY, type InquiryPublic, type InquiryStatus } from '../inquiry.js';
import { regionName } from '../reference.js';

export const InquiryStatusBadge = ({ status, overdue }: { status: InquiryStatus; overdue?: boolean }) => {
  const { t } = useI18n();
  return (
    <>
      <span class={`badge badge-inquiry-${status}`} data-status={status}>
        {t(`inquiry.status.${status}` as MessageKey)}
      </span>
      {overdue && (
        <>
          {' '}
          <span class="badge badge-overdue" data-testid="overdue">
            {t('inquiry.overdue')}
          </span>
        </>
      )}
    </>
  );
};

/** Who answers: "The ministry" or "Akimat: <region>". */
export const usePartyName = (): ((routedTo: string) => string) => {
  const { t, lang } = useI18n();
  return (routedTo) => (routedTo === MINISTRY ? t('inquiry.party.ministry') : t('inquiry.party.akimat', { region: regionName(routedTo, lang) }));
};

/** The facts every reader of an inquiry sees: status, topic, region, who answers, when filed and when due. */
export const InquiryFacts = ({ inquiry, extra = [] }: { inquiry: InquiryPublic; extra?: readonly (readonly [string, string] | false | undefined)[] }) => {
  const { t, lang } = useI18n();
  const party = usePartyName();
  return (
    <Facts
      rows={[
        [t('inquiry.status'), <InquiryStatusBadge status={inquiry.status} overdue={inquiry.overdue} />],
        [t('inquiry.topic'), t(`inquiry.topic.${inquiry.topic}` as MessageKey)],
        [t('inquiry.region'), inquiry.kato ? regionName(inquiry.kato, lang) : t('inquiry.regionNone')],
        [t('inquiry.routedTo'), party(inquiry.routedTo)],
        [t('inquiry.filedAt'), dateTime(inquiry.filedAt, lang)],
        [t('inquiry.dueAt'), <span data-testid="due">{dateTime(inquiry.dueAt, lang)}</span>],
        inquiry.takenAt ? [t('inquiry.takenAt'), dateTime(inquiry.takenAt, lang)] : undefined,
        ...extra,
      ]}
    />
  );
};

/** The question and, once given, the answer. */
export const InquiryTexts = ({ inquiry }: { inquiry: InquiryPublic }) => {
  const { t, lang } = useI18n();
  return (
    <>
      <section class="panel" aria-labelledby="inquiry-question">
        <h2 id="inquiry-question">{t('inquiry.text')}</h2>
        <p class="description" data-testid="inquiry-text">
          {inquiry.text}
        </p>
      </section>
      <section class="panel" aria-labelledby="inquiry-answer">
        <h2 id="inquiry-answer">{t('inquiry.answer')}</h2>
        {inquiry.answer ? (
          <>
            <p class="hint">{t('inquiry.answeredAt', { at: dateTime(inquiry.answer.at, lang) })}</p>
            <p class="description" data-testid="inquiry-answer">
              {inquiry.answer.text}
            </p>
          </>
        ) : (
          <p class="empty">{t('inquiry.noAnswer')}</p>
        )}
      </section>
    </>
  );
};
