/** Data the browser tests set up through the API (and `seedProject`), so each journey starts where it needs to. */
import { api, seedProject, tokenFor } from '../support/local.js';
import type { Project } from '../../shared/domain/project.js';

export interface PublishedCompetition {
  readonly id: string;
  readonly project: Project;
  readonly akimat: string;
  readonly body: Record<string, any>;
}

/** A МЭКС project at selection, a draft for it and (unless `draft`) its publication. */
export const competitionFor = async (
  options: { kato?: string; sector?: Project['sector']; value?: string; description?: string; draft?: boolean; label?: string } = {},
): Promise<PublishedCompetition> => {
  const kato = options.kato ?? '350000000';
  const sector = options.sector ?? 'heat';
  const label = options.label ?? Math.random().toString(36).slice(2, 7).toUpperCase();
  const project = await seedProject({
    kato,
    sector,
    title: { ru: `Модернизация котельной № ${label}`, kk: `№ ${label} қазандықты жаңғырту`, en: `Boiler house No. ${label} modernisation` },
  });
  const akimat = await tokenFor({ role: 'akimat', kato });
  const draft = await api('/competitions', {
    token: akimat,
    body: {
      projectId: project.id,
      title: project.title,
      description: options.description ?? 'Реконструкция котельной с заменой котлов и сетей.',
      estimatedValue: options.value ?? '1250000000',
    },
  });
  if (draft.status !== 201) throw new Error(`draft refused: ${JSON.stringify(draft.body)}`);
  if (options.draft) return { id: draft.body.id, project, akimat, body: draft.body };
  const published = await api(`/competitions/${draft.body.id}/publish`, {
    token: akimat,
    method: 'POST',
    headers: { 'idempotency-key': `publish-${draft.body.id}` },
  });
  if (published.status !== 200) throw new Error(`publication refused: ${JSON.stringify(published.body)}`);
  return { id: draft.body.id, project, akimat, body: published.body };
};
