/**
 * The akimat's view of one competition: publish a draft (with an Idempotency-Key), edit or amend it, add documents
 * and new versions, answer questions, cancel with a reason, open the bids after the deadline (with their documents),
 * evaluate them (checks, qualification decisions, ranking), award the first-ranked with a signature (the protocol and
 * the standstill follow), and read the audit log.
 */
import { useState } from 'preact/hooks';
import { allows } from '../../../shared/domain/competition-lifecycle.js';
import { api, ApiError, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { serverNow } from '../clock.js';
import { AkimatEvaluation } from '../components/evaluation.js';
import { BidDocumentLinks, TenderDocumentsManager, type BidDocumentLink } from '../components/documents.js';
import { Countdown, ErrorMessage, Facts, Field, Loading, Notice, StatusBadge, newKey, useAction, useLoad } from '../components/ui.js';
import { dateTime, money, parseTengeInput } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { CANCELLATION_REASONS, localized, regionName, sectorName } from '../reference.js';
import { Link, useLocation } from '../router.js';
import { findSigner } from '../signing.js';
import type { AuditEvent, Competition, OpenedBid, Question } from '../types.js';
import { PeriodsSection } from './competition.js';

/** Drafts are not public: an akimat finds its own in its list. */
const loadOwn = async (id: string): Promise<Competition> => {
  try {
    return await api<Competition>(`/competitions/${encodeURIComponent(id)}`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  let cursor: string | undefined;
  do {
    const page: Page<Competition> = await api<Page<Competition>>('/my/competitions', { query: { limit: '100', cursor } });
    const found = page.items.find((c) => c.id === id);
    if (found) return found;
    cursor = page.cursor;
  } while (cursor);
  throw new ApiError(404, 'not_found', `no competition ${id}`);
};

/** The same key for every retry of one publication, so a repeated click or a lost answer never publishes twice. */
const publishKey = (id: string): string => {
  const storageKey = `konkurs.publish.${id}`;
  const existing = sessionStorage.getItem(storageKey);
  if (existing) return existing;
  const key = `publish-${id}-${newKey()}`;
  sessionStorage.setItem(storageKey, key);
  return key;
};

/** `YYYY-MM-DDTHH:mm` typed as Almaty time → an ISO instant. */
const almatyInputToIso = (value: string): string | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}:00+05:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

const EditForm = ({ competition: c, onSaved }: { competition: Competition; onSaved: (c: Competition) => void }) => {
  const { t } = useI18n();
  const draft = c.status === 'draft';
  const [title, setTitle] = useState({ ru: c.title.ru, kk: c.title.kk ?? '', en: c.title.en ?? '' });
  const [description, setDescription] = useState(c.description ?? '');
  const [value, setValue] = useState(c.estimatedValue);
  const [deadline, setDeadline] = useState('');
  const [problem, setProblem] = useState<string>();

  const save = useAction(async () => {
    const body: Record<string, unknown> = {};
    const nextTitle = { ru: title.ru.trim(), ...(title.kk.trim() ? { kk: title.kk.trim() } : {}), ...(title.en.trim() ? { en: title.en.trim() } : {}) };
    if (JSON.stringify(nextTitle) !== JSON.stringify({ ru: c.title.ru, ...(c.title.kk ? { kk: c.title.kk } : {}), ...(c.title.en ? { en: c.title.en } : {}) })) {
      body.title = nextTitle;
    }
    if (description.trim() !== (c.description ?? '')) body.description = description.trim();
    const parsed = parseTengeInput(value);
    if (!parsed) {
      setProblem(t('bid.priceInvalid'));
      return;
    }
    if (parsed !== c.estimatedValue) body.estimatedValue = parsed;
    if (!draft && deadline) {
      const iso = almatyInputToIso(deadline);
      if (!iso) {
        setProblem(t('amend.deadlineInvalid'));
        return;
      }
      body.tenderPeriod = { endDate: iso };
    }
    if (Object.keys(body).length === 0) {
      setProblem(t('amend.nothing'));
      return;
    }
    setProblem(undefined);
    // The page remounts this form for the new version and tells the user it was saved.
    onSaved(await api<Competition>(`/competitions/${encodeURIComponent(c.id)}`, { method: 'PATCH', body }));
  });

  return (
    <form
      class="stack"
      aria-labelledby="edit-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <h2 id="edit-title">{draft ? t('amend.editDraft') : t('amend.title')}</h2>
      {!draft && <p class="hint">{c.status === 'active.tendering' ? t('amend.tenderingWarning') : t('amend.hint')}</p>}
      <Field id="edit-title-ru" label={t('field.title.ru')}>
        {() => <input id="edit-title-ru" lang="ru" required maxLength={500} value={title.ru} onInput={(e) => setTitle({ ...title, ru: (e.currentTarget as HTMLInputElement).value })} />}
      </Field>
      <Field id="edit-title-kk" label={t('field.title.kk')}>
        {() => <input id="edit-title-kk" lang="kk" maxLength={500} value={title.kk} onInput={(e) => setTitle({ ...title, kk: (e.currentTarget as HTMLInputElement).value })} />}
      </Field>
      <Field id="edit-title-en" label={t('field.title.en')}>
        {() => <input id="edit-title-en" lang="en" maxLength={500} value={title.en} onInput={(e) => setTitle({ ...title, en: (e.currentTarget as HTMLInputElement).value })} />}
      </Field>
      <Field id="edit-description" label={t('field.description')}>
        {() => <textarea id="edit-description" rows={4} maxLength={10000} value={description} onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <Field id="edit-value" label={t('field.estimatedValue')} hint={t('bid.priceHint')}>
        {(describedBy) => <input id="edit-value" inputMode="decimal" required value={value} aria-describedby={describedBy} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      {!draft && (
        <Field id="edit-deadline" label={t('amend.deadline')} hint={t('amend.deadlineHint')}>
          {(describedBy) => (
            <input id="edit-deadline" type="datetime-local" value={deadline} aria-describedby={describedBy} onInput={(e) => setDeadline((e.currentTarget as HTMLInputElement).value)} />
          )}
        </Field>
      )}
      <button type="submit" class="button button-secondary" disabled={save.busy}>
        {draft ? t('amend.saveDraft') : t('amend.submit')}
      </button>
      {problem && <p class="message message-error" role="alert">{problem}</p>}
      <ErrorMessage error={save.error} />
    </form>
  );
};

const AnswerForm = ({ competitionId, question, onAnswered }: { competitionId: string; question: Question; onAnswered: () => void }) => {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const answer = useAction(async () => {
    await api(`/competitions/${encodeURIComponent(competitionId)}/questions/${encodeURIComponent(question.id)}/answer`, { body: { text: text.trim() } });
    onAnswered();
  });
  const id = `answer-${question.id}`;
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) void answer.run();
      }}
    >
      <Field id={id} label={t('questions.answerLabel')}>
        {() => <textarea id={id} rows={2} required maxLength={4000} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <button type="submit" class="button button-small" disabled={answer.busy}>
        {t('questions.sendAnswer')}
      </button>
      <ErrorMessage error={answer.error} />
    </form>
  );
};

const QuestionsToAnswer = ({ competition }: { competition: Competition }) => {
  const { t, lang } = useI18n();
  const questions = useLoad(() => api<{ items: Question[] }>(`/competitions/${encodeURIComponent(competition.id)}/questions`), [competition.id]);
  const items = questions.data?.items ?? [];
  return (
    <section class="panel" aria-labelledby="akimat-questions-title">
      <h2 id="akimat-questions-title">{t('questions.title')}</h2>
      {questions.loading && !questions.data && <Loading />}
      <ErrorMessage error={questions.error} />
      {questions.data && items.length === 0 && <p class="empty">{t('questions.none')}</p>}
      <ol class="qa-list" data-testid="akimat-questions">
        {items.map((q) => (
          <li key={q.id} class="qa">
            <p class="qa-question">
              <span class="qa-label">{t('questions.question')}</span> {q.text}
            </p>
            <p class="qa-meta">{t('questions.askedAt', { at: dateTime(q.askedAt, lang) })}</p>
            {q.answer ? (
              <p class="qa-answer">
                <span class="qa-label">{t('questions.answer')}</span> {q.answer.text}
              </p>
            ) : (
              <AnswerForm competitionId={competition.id} question={q} onAnswered={questions.reload} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
};

const CancelForm = ({ competition: c, onCancelled }: { competition: Competition; onCancelled: (c: Competition) => void }) => {
  const { t } = useI18n();
  const [reason, setReason] = useState<string>(CANCELLATION_REASONS[0]);
  const cancel = useAction(async () => {
    onCancelled(await api<Competition>(`/competitions/${encodeURIComponent(c.id)}/cancel`, { body: { reason } }));
  });
  return (
    <form
      class="stack"
      aria-labelledby="cancel-title"
      onSubmit={(event) => {
        event.preventDefault();
        void cancel.run();
      }}
    >
      <h2 id="cancel-title">{t('cancel.title')}</h2>
      <Field id="cancel-reason" label={t('cancel.reason')}>
        {() => (
          <select id="cancel-reason" value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}>
            {CANCELLATION_REASONS.map((code) => (
              <option key={code} value={code}>
                {t(`reason.${code}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" class="button button-danger" disabled={cancel.busy}>
        {t('cancel.submit')}
      </button>
      <ErrorMessage error={cancel.error} />
    </form>
  );
};

const BidsSection = ({ competition: c, onChanged }: { competition: Competition; onChanged: (c: Competition) => void }) => {
  const { t, lang } = useI18n();
  const deadlinePassed = !!c.tenderPeriod && new Date(serverNow()).toISOString() >= c.tenderPeriod.endDate;
  const opened = !!c.bidsOpened || !!c.bidsOpenedAt;
  const bids = useLoad(
    async () => (opened ? (await api<{ items: (OpenedBid & { documents?: readonly BidDocumentLink[] })[] }>(`/competitions/${encodeURIComponent(c.id)}/bids`)).items : []),
    [c.id, opened],
  );
  const open = useAction(async () => {
    try {
      const result = await api<{ competition: Competition }>(`/competitions/${encodeURIComponent(c.id)}/open-bids`, { method: 'POST' });
      onChanged(result.competition);
    } catch (e) {
      // The deadline checker may have opened them a moment earlier: show them all the same.
      if (e instanceof ApiError && e.status === 409) onChanged(await loadOwn(c.id));
      else throw e;
    }
  });
  return (
    <section class="panel" aria-labelledby="bids-section-title">
      <h2 id="bids-section-title">{t('bids.title')}</h2>
      {!opened && !deadlinePassed && c.tenderPeriod && (
        <>
          <p>{t('bids.sealedUntil', { at: dateTime(c.tenderPeriod.endDate, lang) })}</p>
          <Countdown deadline={c.tenderPeriod.endDate} label={t('countdown.toOpening')} />
        </>
      )}
      {allows('openBids', c, new Date(serverNow())) && (
        <button type="button" class="button" disabled={open.busy} onClick={() => void open.run()}>
          {t('bids.open')}
        </button>
      )}
      <ErrorMessage error={open.error ?? bids.error} />
      {opened && (
        <>
          <p>{t('bids.openedAt', { at: dateTime(c.bidsOpenedAt, lang) })}</p>
          {bids.data && bids.data.length === 0 && <p class="empty">{t('bids.none')}</p>}
          {bids.data && bids.data.length > 0 && (
            <div class="table-wrap">
              <table data-testid="opened-bids">
                <caption class="visually-hidden">{t('bids.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('common.bin')}</th>
                    <th scope="col">{t('bid.price')}</th>
                    <th scope="col">{t('bid.submittedAt')}</th>
                    <th scope="col">{t('bid.status')}</th>
                    <th scope="col">{t('bid.signedBy')}</th>
                    <th scope="col">{t('bid.documents')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...bids.data]
                    .sort((a, b) => Number(a.price) - Number(b.price))
                    .map((b) => (
                      <tr key={b.bin}>
                        <td>
                          <code>{b.bin}</code>
                        </td>
                        <td>{money(b.price, lang)}</td>
                        <td>{dateTime(b.submittedAt, lang)}</td>
                        <td>{t(b.valid ? 'bids.valid' : 'bid.status.invalidated')}</td>
                        <td data-testid="opened-bid-signer">{b.signer ? `${b.signer.commonName} (${b.signer.certificateSerial})` : '—'}</td>
                        <td>
                          <BidDocumentLinks documents={b.documents ?? []} testId="opened-bid-documents" />
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
};

const AuditLog = ({ competition: c, tick }: { competition: Competition; tick: number }) => {
  const { t, lang } = useI18n();
  const events = useLoad(() => api<Page<AuditEvent>>(`/competitions/${encodeURIComponent(c.id)}/events`, { query: { limit: '100' } }), [c.id, c.updatedAt, c.status, tick]);
  return (
    <section class="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <ErrorMessage error={events.error} />
      <ol class="timeline" data-testid="audit">
        {(events.data?.items ?? []).map((e) => (
          <li key={e.eventId}>
            <strong>{t(`event.${e.type}` as MessageKey)}</strong> · {dateTime(e.at, lang)} · {e.actor.role ? t(`role.${e.actor.role}` as MessageKey) : t('audit.system')}
          </li>
        ))}
      </ol>
    </section>
  );
};

export const AkimatCompetitionPage = ({ id }: { id: string }) => {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const competition = useLoad(() => loadOwn(id), [id]);
  const [notice, setNotice] = useState<MessageKey | undefined>(query.get('created') ? 'akimat.created' : undefined);
  // Qualification decisions do not change the competition: the audit log reloads on them.
  const [decisions, setDecisions] = useState(0);
  const publish = useAction(async (c: Competition) => {
    const published = await api<Competition>(`/competitions/${encodeURIComponent(c.id)}/publish`, {
      method: 'POST',
      headers: { 'Idempotency-Key': publishKey(c.id) },
    });
    competition.set(published);
    setNotice('akimat.published');
  });
  const c = competition.data;
  if (!c) {
    return (
      <section>
        <h1 tabIndex={-1}>{competition.loading ? t('competition.loading') : t('competition.notFound')}</h1>
        {competition.loading ? <Loading /> : <ErrorMessage error={competition.error} />}
        <p>
          <Link href="/akimat">{t('nav.myCompetitions')}</Link>
        </p>
      </section>
    );
  }
  const update = (next: Competition, message?: MessageKey) => {
    setNotice(message);
    competition.set(next);
  };
  const now = new Date(serverNow());
  const editable = allows('editDraft', c, now) || allows('amend', c, now);
  return (
    <article aria-labelledby="manage-title">
      <p class="breadcrumbs">
        <Link href="/akimat">{t('nav.myCompetitions')}</Link>
      </p>
      <h1 id="manage-title" tabIndex={-1}>
        {localized(c.title, lang)}
      </h1>
      <p>
        <StatusBadge status={c.status} />
      </p>
      {notice && <Notice>{t(notice)}</Notice>}
      <section class="panel" aria-labelledby="manage-facts">
        <h2 id="manage-facts">{t('competition.facts')}</h2>
        <Facts
          rows={[
            [t('competition.region'), regionName(c.kato, lang)],
            [t('competition.sector'), sectorName(c.sector, lang)],
            [t('competition.value'), money(c.estimatedValue, lang)],
            [t('amendments.title'), t('amendments.version', { version: c.version, count: Math.max(0, c.version - 1) })],
            [t('competition.created'), dateTime(c.createdAt, lang)],
            !!c.publishedAt && [t('competition.published'), dateTime(c.publishedAt, lang)],
            !!c.cancellation && [t('competition.cancelled'), t(`reason.${c.cancellation.reason}` as MessageKey)],
          ]}
        />
        {c.status !== 'draft' && (
          <p>
            <Link href={`/competitions/${encodeURIComponent(c.id)}`}>{t('akimat.publicPage')}</Link>
          </p>
        )}
      </section>
      {c.status === 'draft' && (
        <section class="panel panel-accent" aria-labelledby="publish-title">
          <h2 id="publish-title">{t('publish.title')}</h2>
          <p>{t('publish.hint')}</p>
          <button type="button" class="button" disabled={publish.busy} onClick={() => void publish.run(c)}>
            {t('publish.submit')}
          </button>
          <ErrorMessage error={publish.error} />
        </section>
      )}
      <PeriodsSection competition={c} />
      <TenderDocumentsManager competition={c} changeable={allows('changeTenderDocuments', c, now)} onAmended={competition.reload} />
      {editable && (
        <section class="panel">
          <EditForm
            key={`${c.id}-${c.version}-${c.updatedAt}`}
            competition={c}
            onSaved={(next) => update(next, c.status === 'draft' ? 'amend.draftSaved' : 'amend.done')}
          />
        </section>
      )}
      {c.status !== 'draft' && <QuestionsToAnswer competition={c} />}
      {c.status !== 'draft' && c.status !== 'cancelled' && <BidsSection competition={c} onChanged={(next) => update(next)} />}
      {c.status !== 'draft' && c.status !== 'cancelled' && <AkimatEvaluation competition={c} onChanged={(next) => update(next)} onDecided={() => setDecisions((n) => n + 1)} />}
      {allows('cancel', c, now) && (
        <section class="panel panel-danger">
          <CancelForm competition={c} onCancelled={(next) => update(next)} />
        </section>
      )}
      <AuditLog competition={c} tick={decisions} />
    </article>
  );
};
