/**
 * The reviewing body's queue (role ministry): pending complaints across regions, earliest review deadline first
 * (`GET /complaints`), each with its competition, author, text and deadline, and the decision form (satisfied,
 * declined or invalid, with a text).
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { serverNow } from '../clock.js';
import { ComplaintEntry } from '../components/evaluation.js';
import { ErrorMessage, Field, Loading, Notice, useAction, useLoad } from '../components/ui.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { localized, regionName } from '../reference.js';
import { Link } from '../router.js';
import type { Complaint, QueuedComplaint } from '../types.js';

const RESOLUTIONS = ['satisfied', 'declined', 'invalid'] as const;
type Resolution = (typeof RESOLUTIONS)[number];

const DecisionForm = ({ complaint: k, onDecided }: { complaint: QueuedComplaint; onDecided: (decided: Complaint) => void }) => {
  const { t } = useI18n();
  const [resolution, setResolution] = useState<Resolution>('declined');
  const [text, setText] = useState('');
  const decide = useAction(async () => {
    onDecided(
      await api<Complaint>(`/competitions/${encodeURIComponent(k.competitionId)}/complaints/${encodeURIComponent(k.id)}/decision`, {
        body: { resolution, text: text.trim() },
      }),
    );
  });
  const id = `decision-${k.id}`;
  return (
    <form
      class="stack"
      aria-label={t('complaintQueue.decideOn', { title: k.title })}
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) void decide.run();
      }}
    >
      <fieldset>
        <legend>{t('complaintQueue.resolution')}</legend>
        {RESOLUTIONS.map((r) => (
          <label class="choice" key={r}>
            <input type="radio" name={`${id}-resolution`} value={r} checked={resolution === r} onChange={() => setResolution(r)} /> {t(`complaint.resolve.${r}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <Field id={`${id}-text`} label={t('complaintQueue.decisionText')}>
        {() => <textarea id={`${id}-text`} rows={3} required maxLength={10000} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <button type="submit" class="button" disabled={decide.busy}>
        {t('complaintQueue.submit')}
      </button>
      <ErrorMessage error={decide.error} />
    </form>
  );
};

export const ComplaintQueuePage = () => {
  const { t, lang } = useI18n();
  const queue = useLoad(async () => (await api<{ items: QueuedComplaint[] }>('/complaints')).items, []);
  const [decided, setDecided] = useState<Complaint>();
  const items = queue.data ?? [];
  const now = new Date(serverNow()).toISOString();
  return (
    <section aria-labelledby="complaint-queue-title">
      <h1 id="complaint-queue-title" tabIndex={-1}>
        {t('complaintQueue.title')}
      </h1>
      <p class="lead">{t('complaintQueue.lead')}</p>
      {decided && (
        <Notice>
          {t('complaintQueue.decided', { title: decided.title, status: t(`complaint.status.${decided.status}` as MessageKey) })}
        </Notice>
      )}
      {queue.loading && !queue.data && <Loading />}
      <ErrorMessage error={queue.error} />
      {queue.data && items.length === 0 && <p class="empty">{t('complaintQueue.none')}</p>}
      {items.length > 0 && (
        <ol class="cards" data-testid="complaint-queue">
          {items.map((k) => (
            <li class="card" key={k.id} data-complaint-id={k.id}>
              <p>
                <Link href={`/competitions/${encodeURIComponent(k.competitionId)}`}>{k.competitionTitle ? localized(k.competitionTitle, lang) : t('complaintQueue.competition', { id: k.competitionId })}</Link> ·{' '}
                {regionName(k.kato, lang)}
                {k.reviewDueAt < now && <span class="pill pill-red">{t('complaintQueue.overdue')}</span>}
              </p>
              <ul class="reasons">
                <ComplaintEntry complaint={k}>
                  <DecisionForm
                    complaint={k}
                    onDecided={(next) => {
                      setDecided(next);
                      queue.set(items.filter((x) => x.id !== k.id));
                    }}
                  />
                </ComplaintEntry>
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};
