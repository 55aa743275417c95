/**
 * The contact-centre queue of the party that answers: an akimat sees the inquiries of its region, the ministry the
 * national ones (and, to oversee them, any akimat's). Each inquiry shows its deadline; its case page takes it into
 * work and answers it.
 */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { InquiryFacts, InquiryStatusBadge, InquiryTexts, usePartyName } from '../components/inquiry.js';
import { ErrorMessage, Field, Loading, Notice, useAction, useLoad, PagedListEnd, usePagedList } from '../components/ui.js';
import { dateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { INQUIRY_STATUSES, INQUIRY_TEXT_MAX, MINISTRY, type InquiryStaff } from '../inquiry.js';
import { regionName, sortedRegions } from '../reference.js';
import { Link } from '../router.js';
import type { Session } from '../session.js';

/** Where a role's inquiry pages live. */
const baseOf = (session: Session | undefined): string => (session?.role === 'ministry' ? '/ministry/inquiries' : '/akimat/inquiries');

/** Whether the signed-in party takes and answers this inquiry (the API decides; this only chooses what to show). */
const answers = (session: Session | undefined, inquiry: InquiryStaff): boolean =>
  session?.role === 'ministry' ? inquiry.routedTo === MINISTRY : session?.role === 'akimat' && session.kato === inquiry.routedTo;

const InquiryCard = ({ inquiry, href }: { inquiry: InquiryStaff; href: string }) => {
  const { t, lang } = useI18n();
  const party = usePartyName();
  return (
    <li class="card" data-testid="inquiry-card" data-id={inquiry.id} data-status={inquiry.status}>
      <article>
        <h2 class="card-title">
          <Link href={href}>{t('inquiry.follow.title', { id: inquiry.id })}</Link>
        </h2>
        <InquiryStatusBadge status={inquiry.status} overdue={inquiry.overdue} />
        <p class="card-excerpt">{inquiry.text.length > 160 ? `${inquiry.text.slice(0, 160)}…` : inquiry.text}</p>
        <dl class="card-facts">
          <div>
            <dt>{t('inquiry.topic')}</dt>
            <dd>{t(`inquiry.topic.${inquiry.topic}` as MessageKey)}</dd>
          </div>
          <div>
            <dt>{t('inquiry.routedTo')}</dt>
            <dd>{party(inquiry.routedTo)}</dd>
          </div>
          <div>
            <dt>{t('inquiry.filedAt')}</dt>
            <dd>{dateTime(inquiry.filedAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('inquiry.dueAt')}</dt>
            <dd data-testid="card-due">{dateTime(inquiry.dueAt, lang)}</dd>
          </div>
        </dl>
      </article>
    </li>
  );
};

export const InquiryQueuePage = () => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const ministry = session?.role === 'ministry';
  const [status, setStatus] = useState('');
  // The ministry starts on the inquiries it answers itself.
  const [region, setRegion] = useState(ministry ? MINISTRY : '');
  const list = usePagedList<InquiryStaff>(
    (cursor) => api<Page<InquiryStaff>>('/inquiries', { query: { status, region: ministry ? region : undefined, limit: '20', cursor } }),
    [status, region],
  );
  const { items, loading, error } = list;

  return (
    <section aria-labelledby="inquiries-title">
      <h1 id="inquiries-title" tabIndex={-1}>
        {t('inquiry.queue.title')}
      </h1>
      <p class="lead">{ministry ? t('inquiry.queue.leadMinistry') : t('inquiry.queue.leadAkimat', { region: regionName(session?.kato, lang) })}</p>
      <div class="filters">
        <div class="field">
          <label for="inquiries-status">{t('inquiry.status')}</label>
          <select id="inquiries-status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('inquiry.queue.anyStatus')}</option>
            {INQUIRY_STATUSES.map((code) => (
              <option key={code} value={code}>
                {t(`inquiry.status.${code}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        {ministry && (
          <div class="field">
            <label for="inquiries-party">{t('inquiry.routedTo')}</label>
            <select id="inquiries-party" value={region} onChange={(e) => setRegion((e.currentTarget as HTMLSelectElement).value)}>
              <option value={MINISTRY}>{t('inquiry.party.ministry')}</option>
              <option value="">{t('inquiry.queue.anyParty')}</option>
              {sortedRegions(lang).map((r) => (
                <option key={r.kato} value={r.kato}>
                  {t('inquiry.party.akimat', { region: r.name[lang] })}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <ErrorMessage error={error} />
      {items.length > 0 && (
        <ul class="cards" data-testid="inquiries">
          {items.map((i) => (
            <InquiryCard key={i.id} inquiry={i} href={`${baseOf(session)}/${encodeURIComponent(i.id)}`} />
          ))}
        </ul>
      )}
      {!loading && !error && items.length === 0 && <p class="empty">{t('inquiry.queue.none')}</p>}
      <PagedListEnd list={list} />
    </section>
  );
};

const AnswerForm = ({ onAnswer, busy }: { onAnswer: (text: string) => void; busy: boolean }) => {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      class="stack panel panel-accent"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget as HTMLFormElement;
        if (form.checkValidity() && text.trim()) onAnswer(text.trim());
        else form.reportValidity();
      }}
    >
      <Field id="inquiry-reply" label={t('inquiry.case.answerLabel')} hint={t('inquiry.case.answerHint')}>
        {(describedBy) => (
          <textarea
            id="inquiry-reply"
            rows={6}
            required
            maxLength={INQUIRY_TEXT_MAX}
            value={text}
            aria-describedby={describedBy}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {t('inquiry.case.send')}
      </button>
    </form>
  );
};

export const InquiryCasePage = ({ id }: { id: string }) => {
  const { t } = useI18n();
  const { session } = useSession();
  const party = usePartyName();
  const [done, setDone] = useState<'taken' | 'answered'>();
  const inquiry = useLoad(() => api<InquiryStaff>(`/inquiries/${encodeURIComponent(id)}/case`), [id]);
  const take = useAction(async () => {
    inquiry.set(await api<InquiryStaff>(`/inquiries/${encodeURIComponent(id)}/take`, { method: 'POST' }));
    setDone('taken');
  });
  const answer = useAction(async (text: string) => {
    inquiry.set(await api<InquiryStaff>(`/inquiries/${encodeURIComponent(id)}/answer`, { body: { text } }));
    setDone('answered');
  });
  const i = inquiry.data;
  const mine = i ? answers(session, i) : false;

  return (
    <section aria-labelledby="case-title">
      <p class="breadcrumbs">
        <Link href={baseOf(session)}>{t('inquiry.case.back')}</Link>
      </p>
      <h1 id="case-title" tabIndex={-1}>
        {t('inquiry.follow.title', { id })}
      </h1>
      {inquiry.loading && !i && <Loading />}
      <ErrorMessage error={inquiry.error} />
      {i && (
        <div data-testid="inquiry-case">
          <InquiryFacts
            inquiry={i}
            extra={[
              [t('inquiry.case.contact'), [i.contact.name, i.contact.email, i.contact.phone].filter(Boolean).join(' · ')],
              [t('inquiry.language'), t(`lang.${i.language}`)],
            ]}
          />
          {!mine && <p class="message message-warn">{t('inquiry.case.readOnly', { party: party(i.routedTo) })}</p>}
          {done === 'taken' && <Notice>{t('inquiry.case.taken')}</Notice>}
          {done === 'answered' && <Notice>{t('inquiry.case.answered')}</Notice>}
          {mine && i.status === 'new' && (
            <p>
              <button type="button" class="button" disabled={take.busy} onClick={() => void take.run()}>
                {t('inquiry.case.take')}
              </button>
            </p>
          )}
          <ErrorMessage error={take.error ?? answer.error} />
          <InquiryTexts inquiry={i} />
          {mine && i.status === 'in-progress' && <AnswerForm busy={answer.busy} onAnswer={(text) => void answer.run(text)} />}
        </div>
      )}
    </section>
  );
};
