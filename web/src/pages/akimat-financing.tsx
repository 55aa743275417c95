/**
 * `/akimat/financing`: the akimat's financing applications. It applies for one of its region's projects on a route
 * (`POST /projects/{id}/financing-applications`), follows its applications by status with the decisions' reasons, and
 * resubmits a returned one (`POST /financing-applications/{id}/resubmit`). The API keeps one application under review
 * or approved per project and answers 409 otherwise; the page says so through the error it shows.
 */
import { useState } from 'preact/hooks';
import { APPLICATION_ROUTES } from '../../../shared/domain/financing.js';
import { api, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { ErrorMessage, Field, Loading, useAction, useLoad } from '../components/ui.js';
import { money, parseTengeInput } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { localized, regionName } from '../reference.js';
import type { FinancingApplication, Project } from '../types.js';
import { ApplicationCard, StatusFilter } from './financing.js';

const ROUTES = APPLICATION_ROUTES;

/** The region's projects without approved financing (a region has tens of them, not thousands). */
const loadProjects = async (kato: string): Promise<Project[]> => {
  const all: Project[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<Project> = await api<Page<Project>>('/projects', { query: { region: kato, limit: '100', cursor } });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor && all.length < 1000);
  return all.filter((p) => p.financing.status !== 'approved');
};

const ApplyForm = ({ kato, onApplied }: { kato: string; onApplied: (app: FinancingApplication) => void }) => {
  const { t, lang } = useI18n();
  const projects = useLoad(() => loadProjects(kato), [kato]);
  const [projectId, setProjectId] = useState('');
  const [route, setRoute] = useState<(typeof ROUTES)[number]>('dbk-banks');
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string>();
  const action = useAction(async () => {
    const parsed = parseTengeInput(amount);
    if (!parsed) {
      setAmountError(t('financing.apply.amountInvalid'));
      return;
    }
    setAmountError(undefined);
    const app = await api<FinancingApplication>(`/projects/${encodeURIComponent(projectId)}/financing-applications`, { body: { route, amount: parsed } });
    onApplied(app);
    setProjectId('');
    setAmount('');
  });
  const choose = (id: string) => {
    setProjectId(id);
    const project = projects.data?.find((p) => p.id === id);
    if (project) setAmount(project.value);
  };
  return (
    <form
      class="stack"
      data-testid="apply-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <h2>{t('financing.apply.title')}</h2>
      {projects.loading && <Loading />}
      <ErrorMessage error={projects.error} />
      <Field id="apply-project" label={t('financing.apply.project')}>
        {() => (
          <select id="apply-project" required value={projectId} onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('financing.apply.chooseProject')}</option>
            {projects.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {localized(p.title, lang)} — {money(p.value, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="apply-route" label={t('financing.route')}>
        {() => (
          <select id="apply-route" value={route} onChange={(e) => setRoute((e.currentTarget as HTMLSelectElement).value as (typeof ROUTES)[number])}>
            {ROUTES.map((r) => (
              <option key={r} value={r}>
                {t(`financing.route.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="apply-amount" label={t('financing.apply.amount')} hint={t('financing.apply.amountHint')} error={amountError}>
        {(describedBy, invalid) => (
          <input
            id="apply-amount"
            inputMode="decimal"
            required
            value={amount}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={action.busy || !projectId}>
        {t('financing.apply.submit')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
};

export const AkimatFinancingPage = () => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const kato = session?.kato ?? '';
  const [status, setStatus] = useState('');
  const [applied, setApplied] = useState<FinancingApplication[]>([]);
  const page = useLoad(() => api<Page<FinancingApplication>>('/financing-applications', { query: { status: status || undefined, limit: '50' } }), [status]);
  const shown = [...applied.filter((a) => !status || a.status === status), ...(page.data?.items ?? []).filter((a) => !applied.some((b) => b.id === a.id))];
  return (
    <section>
      <h1 tabIndex={-1}>{t('financing.akimat.title')}</h1>
      <p class="lead">{t('financing.akimat.lead', { region: regionName(kato, lang) })}</p>
      <ApplyForm kato={kato} onApplied={(app) => setApplied((current) => [app, ...current])} />
      <h2>{t('financing.akimat.list')}</h2>
      <StatusFilter id="akimat-financing-status" value={status} onChange={setStatus} anyLabel={t('search.anyStatus')} />
      {page.loading && <Loading />}
      <ErrorMessage error={page.error} />
      {!page.loading && shown.length === 0 && <p class="empty">{t('financing.queue.empty')}</p>}
      <ul class="cards" data-testid="akimat-applications">
        {shown.map((app) => (
          <ApplicationCard key={`${app.id}-${app.status}`} initial={app} mode="applicant" />
        ))}
      </ul>
    </section>
  );
};
