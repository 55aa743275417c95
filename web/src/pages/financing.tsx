/**
 * Financing: the financier's queue (the applications of its route, decided and disbursed here) and the ministry's
 * financing view (speed per route, nationally and per region; applications waiting too long; red flags). The API
 * decides who may do what; these pages only choose what to show.
 */
import { useState } from 'preact/hooks';
import { APPLICATION_ROUTES } from '../../../shared/domain/financing.js';
import { api, download, type Page } from '../api.js';
import { HBarChart } from '../components/charts.js';
import { useSession } from '../app-context.js';
import { ErrorMessage, Field, Loading, useAction, useLoad } from '../components/ui.js';
import { dateTime, money } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { FinancingApplication, FinancingSpeedView, RedFlagsView, WaitingView } from '../types.js';

const STATUSES = ['submitted', 'returned', 'approved', 'rejected'] as const;

const Decide = ({ app, onDone }: { app: FinancingApplication; onDone: (next: FinancingApplication) => void }) => {
  const { t } = useI18n();
  const [decision, setDecision] = useState<'approved' | 'rejected' | 'returned'>('approved');
  const [amount, setAmount] = useState('');
  const [text, setText] = useState('');
  const action = useAction(async () =>
    onDone(
      await api<FinancingApplication>(`/financing-applications/${app.id}/decision`, {
        body: { decision, text, ...(decision === 'approved' && amount ? { amount } : {}) },
      }),
    ),
  );
  const id = `decide-${app.id}`;
  return (
    <form
      class="stack"
      data-testid="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <Field id={`${id}-decision`} label={t('financing.decision')}>
        {() => (
          <select id={`${id}-decision`} value={decision} onChange={(e) => setDecision((e.currentTarget as HTMLSelectElement).value as typeof decision)}>
            {(['approved', 'returned', 'rejected'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`financing.status.${d}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {decision === 'approved' && (
        <Field id={`${id}-amount`} label={t('financing.approvedAmount')} hint={t('financing.amountHint')}>
          {(describedBy) => <input id={`${id}-amount`} inputMode="decimal" value={amount} aria-describedby={describedBy} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
      )}
      <Field id={`${id}-text`} label={t('financing.text')}>
        {() => <textarea id={`${id}-text`} required value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <button type="submit" class="button" disabled={action.busy}>
        {t('financing.decide')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
};

const Disburse = ({ app, onDone }: { app: FinancingApplication; onDone: (next: FinancingApplication) => void }) => {
  const { t } = useI18n();
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const action = useAction(async () => onDone(await api<FinancingApplication>(`/financing-applications/${app.id}/disbursements`, { body: { amount, date } })));
  const id = `disburse-${app.id}`;
  return (
    <form
      class="stack"
      data-testid="disbursement-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <Field id={`${id}-amount`} label={t('financing.disbursementAmount')}>
        {() => <input id={`${id}-amount`} inputMode="decimal" required value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <Field id={`${id}-date`} label={t('financing.disbursementDate')}>
        {() => <input id={`${id}-date`} type="date" required value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <button type="submit" class="button" disabled={action.busy}>
        {t('financing.disburse')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
};

/** The akimat resubmits a returned application: a new amount (optional) and what was changed. */
const Resubmit = ({ app, onDone }: { app: FinancingApplication; onDone: (next: FinancingApplication) => void }) => {
  const { t } = useI18n();
  const [amount, setAmount] = useState(app.amount);
  const [text, setText] = useState('');
  const action = useAction(async () =>
    onDone(await api<FinancingApplication>(`/financing-applications/${app.id}/resubmit`, { body: { ...(amount !== app.amount ? { amount } : {}), ...(text ? { text } : {}) } })),
  );
  const id = `resubmit-${app.id}`;
  return (
    <form
      class="stack"
      data-testid="resubmit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <Field id={`${id}-amount`} label={t('financing.amount')}>
        {() => <input id={`${id}-amount`} inputMode="decimal" required value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} />}
      </Field>
      <Field id={`${id}-text`} label={t('financing.resubmitText')}>
        {() => <textarea id={`${id}-text`} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <button type="submit" class="button" disabled={action.busy}>
        {t('financing.resubmit')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
};

/**
 * One application. A decider (the route's financier, the ministry for `budget`) decides a submitted one and records
 * disbursements of an approved one; the applicant (the akimat) sees the decision's reasons and resubmits a returned one.
 */
export const ApplicationCard = ({ initial, mode = 'decider' }: { initial: FinancingApplication; mode?: 'decider' | 'applicant' }) => {
  const { t, lang } = useI18n();
  const [app, setApp] = useState(initial);
  return (
    <li class="card" data-testid="application-card" data-id={app.id} data-status={app.status}>
      <article>
        <p class="card-title">{app.projectTitle}</p>
        <p>
          <span class="badge" data-status={app.status}>
            {t(`financing.status.${app.status}` as MessageKey)}
          </span>{' '}
          {t(`financing.route.${app.route}` as MessageKey)} · {app.akimatName}
        </p>
        <dl class="card-facts">
          <div>
            <dt>{t('financing.amount')}</dt>
            <dd>{money(app.amount, lang)}</dd>
          </div>
          <div>
            <dt>{t('financing.submittedAt')}</dt>
            <dd>{dateTime(app.submittedAt, lang)}</dd>
          </div>
          {app.approvedAmount && (
            <div>
              <dt>{t('financing.approvedAmount')}</dt>
              <dd>{money(app.approvedAmount, lang)}</dd>
            </div>
          )}
          {app.status === 'approved' && (
            <div>
              <dt>{t('financing.disbursed')}</dt>
              <dd>{money(app.disbursedAmount, lang)}</dd>
            </div>
          )}
        </dl>
        {app.decision && (
          <p data-testid="decision-text">
            <strong>{t(`financing.status.${app.decision.decision}` as MessageKey)}</strong> ({dateTime(app.decision.at, lang)}): {app.decision.text}
          </p>
        )}
        {mode === 'decider' && app.status === 'submitted' && <Decide app={app} onDone={setApp} />}
        {mode === 'decider' && app.status === 'approved' && <Disburse app={app} onDone={setApp} />}
        {mode === 'applicant' && app.status === 'returned' && <Resubmit app={app} onDone={setApp} />}
      </article>
    </li>
  );
};

/** The applications' status filter; with `anyLabel`, a first option that shows every status. */
export const StatusFilter = ({ id, value, onChange, anyLabel }: { id: string; value: string; onChange: (status: string) => void; anyLabel?: string }) => {
  const { t } = useI18n();
  return (
    <Field id={id} label={t('financing.status')}>
      {() => (
        <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
          {anyLabel !== undefined && <option value="">{anyLabel}</option>}
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`financing.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
};

/**
 * `/financier`: the applications of the financier's route, by status (submitted first); `/ministry/budget-applications`:
 * the same queue for the ministry, which decides the `budget` route.
 */
export const FinancierQueuePage = () => {
  const { t } = useI18n();
  const { session } = useSession();
  const route = session?.role === 'ministry' ? 'budget' : undefined;
  const [status, setStatus] = useState<string>('submitted');
  const page = useLoad(() => api<Page<FinancingApplication>>('/financing-applications', { query: { status, route, limit: '50' } }), [status, route]);
  return (
    <section>
      <h1 tabIndex={-1}>{t('financing.queue.title')}</h1>
      <StatusFilter id="financing-status" value={status} onChange={setStatus} />
      {page.loading && <Loading />}
      <ErrorMessage error={page.error} />
      {page.data && page.data.items.length === 0 && <p>{t('financing.queue.empty')}</p>}
      <ul class="cards">
        {page.data?.items.map((app) => (
          <ApplicationCard key={`${app.id}-${app.status}`} initial={app} />
        ))}
      </ul>
    </section>
  );
};

const ROUTES = APPLICATION_ROUTES;

/** `/ministry/financing`: the financing speed, the applications waiting too long and the red flags. */
export const MinistryFinancingPage = () => {
  const { t, lang } = useI18n();
  const speed = useLoad(() => api<FinancingSpeedView>('/monitoring/financing'), []);
  const waiting = useLoad(() => api<WaitingView>('/monitoring/financing/waiting'), []);
  const flags = useLoad(() => api<RedFlagsView>('/monitoring/red-flags', { query: { limit: '50' } }), []);
  const csv = useAction(() => download('/monitoring/financing.csv', 'mex-financing.csv', { lang }));
  const days = (n: number | null) => (n === null ? '—' : String(n));
  return (
    <section>
      <h1 tabIndex={-1}>{t('financing.ministry.title')}</h1>
      {speed.loading && <Loading />}
      <ErrorMessage error={speed.error} />
      {speed.data && (
        <>
          <table data-testid="financing-speed">
            <caption>{t('financing.speed.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('financing.route')}</th>
                <th scope="col">{t('financing.pending')}</th>
                <th scope="col">{t('financing.status.approved')}</th>
                <th scope="col">{t('financing.approvedAmount')}</th>
                <th scope="col">{t('financing.disbursed')}</th>
                <th scope="col">{t('financing.daysToDecision')}</th>
                <th scope="col">{t('financing.daysToDisbursement')}</th>
              </tr>
            </thead>
            <tbody>
              {ROUTES.map((r) => {
                const s = speed.data!.national.byRoute[r];
                return (
                  <tr key={r} data-route={r}>
                    <th scope="row">{t(`financing.route.${r}` as MessageKey)}</th>
                    <td>{s.pending}</td>
                    <td>{s.approved}</td>
                    <td>{money(s.approvedAmount, lang)}</td>
                    <td>{money(s.disbursedAmount, lang)}</td>
                    <td>{days(s.decision.medianWorkingDays)}</td>
                    <td>{days(s.firstDisbursement.medianWorkingDays)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>{t('financing.chart.routes.title')}</h2>
          <HBarChart
            id="financing-decision-days"
            title={t('financing.chart.routes.title')}
            desc={t('financing.chart.routes.desc')}
            rows={ROUTES.map((r) => {
              const median = speed.data!.national.byRoute[r].decision.medianWorkingDays;
              return { label: t(`financing.route.${r}` as MessageKey), value: median ?? 0, display: days(median) };
            })}
          />
          <h2>{t('financing.chart.regions.title')}</h2>
          <HBarChart
            id="financing-region-days"
            title={t('financing.chart.regions.title')}
            desc={t('financing.chart.regions.desc')}
            rows={speed.data.regions
              .filter((r) => r.byRoute['dbk-banks'].decision.count > 0)
              .map((r) => ({ label: r.name[lang], value: r.byRoute['dbk-banks'].decision.medianWorkingDays ?? 0, display: days(r.byRoute['dbk-banks'].decision.medianWorkingDays) }))
              .sort((a, b) => a.value - b.value)}
          />
          <p>
            <button type="button" class="button button-secondary" disabled={csv.busy} onClick={() => void csv.run()}>
              {t('financing.csv')}
            </button>
          </p>
        </>
      )}
      <h2>{t('financing.waiting.title', { days: waiting.data?.waitingLimitWorkingDays ?? '…' })}</h2>
      <ErrorMessage error={waiting.error} />
      {waiting.data && waiting.data.items.length === 0 && <p>{t('financing.waiting.none')}</p>}
      <ul data-testid="financing-waiting">
        {waiting.data?.items.map((a) => (
          <li key={a.id}>
            {a.projectTitle} — {a.akimat}, {t(`financing.route.${a.route}` as MessageKey)}: {money(a.amount, lang)},{' '}
            {t('financing.waiting.days', { days: a.workingDaysWaiting })}
          </li>
        ))}
      </ul>
      <h2>{t('financing.flags.title')}</h2>
      <ErrorMessage error={flags.error} />
      {flags.data && flags.data.items.length === 0 && <p>{t('financing.flags.none')}</p>}
      <ul data-testid="red-flags">
        {flags.data?.items.map((f) => (
          <li key={`${f.competitionId}-${f.flag}`} data-flag={f.flag}>
            <strong>{t(`financing.flag.${f.flag}` as MessageKey)}</strong>: {f.title} — <span lang="en">{f.why}</span>
          </li>
        ))}
      </ul>
    </section>
  );
};
