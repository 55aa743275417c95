/** A new draft competition for one of the region's МЭКС projects still at selection. */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { ErrorMessage, Field, Loading, useAction, useLoad } from '../components/ui.js';
import { date, money, parseTengeInput } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { localized, regionName, sectorName } from '../reference.js';
import { navigate } from '../router.js';
import type { Competition, Project, QualificationRequirement } from '../types.js';
import { serverNow } from '../clock.js';

/** Every selection-stage project of the region (a region has tens of them, not thousands). */
const loadProjects = async (kato: string): Promise<Project[]> => {
  const all: Project[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<Project> = await api<Page<Project>>('/projects', { query: { region: kato, stage: 'selection', limit: '100', cursor } });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor && all.length < 1000);
  return all.filter((p) => !p.competitionId);
};

export const AkimatNewPage = () => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const kato = session?.kato ?? '';
  const projects = useLoad(() => loadProjects(kato), [kato]);
  const [projectId, setProjectId] = useState('');
  const [title, setTitle] = useState({ ru: '', kk: '', en: '' });
  const [description, setDescription] = useState('');
  const [value, setValue] = useState('');
  const [valueError, setValueError] = useState<string>();
  const [template, setTemplate] = useState<QualificationRequirement[]>([]);
  const [requirements, setRequirements] = useState<string[]>([]);
  const [securityPercent, setSecurityPercent] = useState('1');

  const choose = (p: Project) => {
    setProjectId(p.id);
    setTitle({ ru: p.title.ru, kk: p.title.kk, en: p.title.en });
    setValue(p.value);
    // The sector's template, every requirement ticked: the akimat unticks what this project does not need.
    void api<{ items: QualificationRequirement[] }>('/reference/qualification-requirements', { query: { sector: p.sector } }).then(
      ({ items }) => {
        setTemplate(items);
        setRequirements(items.map((r) => r.code));
      },
      () => setTemplate([]),
    );
  };

  const create = useAction(async () => {
    const estimatedValue = parseTengeInput(value);
    if (!estimatedValue || Number(estimatedValue) <= 0) {
      setValueError(t('bid.priceInvalid'));
      document.getElementById('new-value')?.focus();
      return;
    }
    setValueError(undefined);
    const created = await api<Competition>('/competitions', {
      body: {
        projectId,
        title: { ru: title.ru.trim(), ...(title.kk.trim() ? { kk: title.kk.trim() } : {}), ...(title.en.trim() ? { en: title.en.trim() } : {}) },
        ...(description.trim() ? { description: description.trim() } : {}),
        estimatedValue,
        ...(template.length ? { qualificationRequirements: requirements } : {}),
        bidSecurity: { percent: securityPercent },
      },
    });
    navigate(`/akimat/competitions/${encodeURIComponent(created.id)}?created=1`);
  });

  const today = new Date(serverNow()).toISOString().slice(0, 10);
  const list = projects.data ?? [];
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title" tabIndex={-1}>
        {t('newCompetition.title')}
      </h1>
      <p class="lead">{t('newCompetition.lead', { region: regionName(kato, lang) })}</p>
      {projects.loading && !projects.data && <Loading />}
      <ErrorMessage error={projects.error} />
      {projects.data && list.length === 0 && <p class="empty">{t('newCompetition.noProjects')}</p>}
      {list.length > 0 && (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (projectId) void create.run();
          }}
        >
          <fieldset class="project-list">
            <legend>{t('newCompetition.project')}</legend>
            {list.map((p) => (
              <label class="choice choice-card" key={p.id} data-project={p.id}>
                <input type="radio" name="project" value={p.id} checked={projectId === p.id} onChange={() => choose(p)} required />
                <span>
                  <strong>{localized(p.title, lang)}</strong>
                  <span class="choice-meta">
                    {sectorName(p.sector, lang)} · {money(p.value, lang)} · {t('newCompetition.planned', { date: date(p.plannedPublicationDate, lang) })}
                    {p.plannedPublicationDate < today && <span class="pill pill-red">{t('newCompetition.overdue')}</span>}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {projectId && (
            <>
              <Field id="new-title-ru" label={t('field.title.ru')}>
                {() => (
                  <input id="new-title-ru" lang="ru" required maxLength={500} value={title.ru} onInput={(e) => setTitle({ ...title, ru: (e.currentTarget as HTMLInputElement).value })} />
                )}
              </Field>
              <Field id="new-title-kk" label={t('field.title.kk')}>
                {() => (
                  <input id="new-title-kk" lang="kk" maxLength={500} value={title.kk} onInput={(e) => setTitle({ ...title, kk: (e.currentTarget as HTMLInputElement).value })} />
                )}
              </Field>
              <Field id="new-title-en" label={t('field.title.en')}>
                {() => (
                  <input id="new-title-en" lang="en" maxLength={500} value={title.en} onInput={(e) => setTitle({ ...title, en: (e.currentTarget as HTMLInputElement).value })} />
                )}
              </Field>
              <Field id="new-description" label={t('field.description')}>
                {() => (
                  <textarea id="new-description" rows={4} maxLength={10000} value={description} onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
                )}
              </Field>
              <Field id="new-value" label={t('field.estimatedValue')} hint={t('bid.priceHint')} error={valueError}>
                {(describedBy, invalid) => (
                  <input
                    id="new-value"
                    inputMode="decimal"
                    required
                    value={value}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
                  />
                )}
              </Field>
              {template.length > 0 && (
                <fieldset data-testid="new-requirements">
                  <legend>{t('newCompetition.requirements')}</legend>
                  {template.map((r) => (
                    <label class="choice" key={r.code}>
                      <input
                        type="checkbox"
                        name="requirement"
                        value={r.code}
                        checked={requirements.includes(r.code)}
                        onChange={(e) =>
                          setRequirements((e.currentTarget as HTMLInputElement).checked ? [...requirements, r.code] : requirements.filter((c) => c !== r.code))
                        }
                      />
                      <span>{localized(r.title, lang)}</span>
                    </label>
                  ))}
                </fieldset>
              )}
              <Field id="new-security" label={t('newCompetition.security')} hint={t('newCompetition.securityHint')}>
                {(describedBy) => (
                  <select id="new-security" aria-describedby={describedBy} value={securityPercent} onChange={(e) => setSecurityPercent((e.currentTarget as HTMLSelectElement).value)}>
                    <option value="1">1 %</option>
                    <option value="3">3 %</option>
                  </select>
                )}
              </Field>
              <button type="submit" class="button" disabled={create.busy}>
                {t('newCompetition.create')}
              </button>
            </>
          )}
          <ErrorMessage error={create.error} />
        </form>
      )}
    </section>
  );
};
