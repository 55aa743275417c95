/**
 * Synthetic МЭКС projects for scale tests and benchmarks: many projects at selection, spread over the 20 regions,
 * each with its `project.registered` event, built with the adapters' item builders. Deterministic per `prefix`.
 */
import { projectItem } from '../../shared/adapters/project-store.js';
import { eventPut } from '../../shared/adapters/table.js';
import { makeEvent, type DomainEvent } from '../../shared/domain/events.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';
import type { Project } from '../../shared/domain/project.js';
import { REGIONS } from '../../shared/domain/regions.js';
import type { ProjectRegisteredData } from '../../shared/domain/stats.js';
import { keys } from '../../shared/keys.js';

export interface SyntheticProjects {
  readonly projects: Project[];
  readonly events: DomainEvent[];
  /** Project items, then event items: write in this order so the events' facts exist first. */
  readonly items: Record<string, unknown>[];
}

/**
 * `count` projects named `<prefix><n>`, planned for publication on `plannedPublicationDate` (a date, or one per
 * project) and approved 90 days before `now`. One sector and fixed-width fields give every item the same size, so
 * that the read capacity of a page of them depends on the number of items only.
 */
export const syntheticProjects = (
  count: number,
  options: { prefix: string; now: Date; plannedPublicationDate: string | ((n: number) => string) },
): SyntheticProjects => {
  const planned = (n: number) => (typeof options.plannedPublicationDate === 'string' ? options.plannedPublicationDate : options.plannedPublicationDate(n));
  const approvalDate = new Date(options.now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const projects: Project[] = [];
  const events: DomainEvent[] = [];
  for (let n = 0; n < count; n += 1) {
    const region = REGIONS[n % REGIONS.length]!;
    const id = `${options.prefix}${String(n).padStart(6, '0')}`;
    const project: Project = {
      id,
      kato: region.kato,
      sector: 'heat',
      title: { ru: `Синтетический проект ${id}`, kk: `Синтетикалық жоба ${id}`, en: `Synthetic project ${id}` },
      value: String(1_000_000_000 + (n % 9) * 100_000_000),
      approvalDate,
      plannedPublicationDate: planned(n),
      stage: 'selection',
      readiness: 'in-preparation',
      financing: { route: 'development-bank', status: 'under-review', amount: String(1_000_000_000 + (n % 9) * 100_000_000) },
      akimat: { name: { ru: 'Акимат (синтетический)', kk: 'Әкімдік (синтетикалық)', en: 'Akimat (synthetic)' } },
      official: { name: 'Синтетический Ответственный', position: 'Заместитель акима' },
    };
    const data: ProjectRegisteredData = {
      kato: project.kato,
      sector: project.sector,
      stage: 'selection',
      value: project.value,
      readiness: project.readiness,
      financing: project.financing,
      approvalDate: project.approvalDate,
      plannedPublicationDate: project.plannedPublicationDate,
    };
    projects.push(project);
    events.push(
      makeEvent('project.registered', {
        eventId: `${id}-registered`,
        at: `${approvalDate}T06:00:00.000Z`,
        actor: IMPORT_ACTOR,
        subject: { kind: 'project', id },
        data: { ...data },
      }),
    );
  }
  const items = [
    ...projects.map(projectItem),
    ...events.map((e) => eventPut(keys.project(e.subject.id).PK, e).Put!.Item! as Record<string, unknown>),
  ];
  return { projects, events, items };
};
