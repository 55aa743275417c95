/**
 * Small fixtures for integration tests that build on `local.ts`: moving the shared development clock relative to its
 * own `now`, and creating competitions through the API.
 */
import { advanceClock, api, clockNow, seedProject } from './local.js';

/** Moves the development clock to just past `iso` (never backwards: the clock only moves forward). */
export const passTime = async (iso: string): Promise<void> => {
  const seconds = Math.ceil((new Date(iso).getTime() - (await clockNow()).getTime()) / 1000) + 1;
  if (seconds > 0) await advanceClock(seconds);
};

/** Creates a draft competition for `projectId` as the akimat holding `akimatToken`; throws unless 201. */
export const createDraft = async (akimatToken: string, projectId: string, label = 'Тестовый конкурс'): Promise<any> => {
  const response = await api('/competitions', {
    token: akimatToken,
    body: { projectId, title: { ru: label, kk: label }, estimatedValue: '1000000000' },
  });
  if (response.status !== 201) throw new Error(`draft refused (${response.status}): ${JSON.stringify(response.body)}`);
  return response.body;
};

/** Publishes a competition as the akimat holding `akimatToken`; throws unless 200. */
export const publish = async (akimatToken: string, id: string): Promise<any> => {
  const response = await api(`/competitions/${id}/publish`, { token: akimatToken, method: 'POST' });
  if (response.status !== 200) throw new Error(`publication refused (${response.status}): ${JSON.stringify(response.body)}`);
  return response.body;
};

/**
 * A competition nobody else uses, on a fresh project of `kato` (a project moves stage when its competition is
 * published, so each throwaway gets its own): a draft, or published when `published` is set.
 */
export const throwawayCompetition = async (akimatToken: string, kato: string, published: boolean): Promise<any> => {
  const project = await seedProject({ kato });
  const draft = await createDraft(akimatToken, project.id, `Одноразовый конкурс ${project.id}`);
  return published ? publish(akimatToken, draft.id) : draft;
};
