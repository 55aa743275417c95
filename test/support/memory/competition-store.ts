/**
 * In-memory adapter of the competition port (and of the project reads it shares its transactions with), with the
 * conditions of `shared/adapters/competition-store.ts`: each transition is conditional on what the lifecycle table
 * allows at the `now` it is given and on the version it replaces; one live competition per project; all or nothing.
 */
import { PUBLIC_STATUSES, type Competition, type CompetitionStatus } from '../../../shared/domain/competition.js';
import { projectStageOf, type CompetitionAction } from '../../../shared/domain/competition-lifecycle.js';
import type { Project, ProjectStage } from '../../../shared/domain/project.js';
import { nextDueAt } from '../../../shared/domain/timers.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { keys } from '../../../shared/keys.js';
import type { CompetitionStore } from '../../../shared/use-cases/competitions.js';
import type { ProjectStore } from '../../../shared/use-cases/projects.js';
import { copy, pageOf, tenderDocumentKey, type MemoryTable, type TransactItem } from './table.js';

const partition = (id: string) => keys.competition(id).PK;

/** The 409 the DynamoDB adapter answers when a project already has a live competition. */
const projectTaken = () =>
  new ConflictError('the project already has a live competition (cancel it, or wait for it to end unsuccessful, first)', [
    { path: 'projectId', message: 'the project already has a live competition' },
  ]);

/** The status a list shows: a competition never published stays in the private `draft` lists. */
const listedStatus = (c: Competition): CompetitionStatus => (c.publishedAt ? c.status : 'draft');

export const memoryCompetitionStore = (table: MemoryTable): CompetitionStore => {
  const stored = (id: string) => table.competitions.get(id);

  /**
   * Replaces the whole competition item (a Put) if the table allows `action` at `now` and `condition` holds; without
   * an action (creation), if there is no such item yet.
   */
  const put = (
    next: Competition,
    action: CompetitionAction | undefined,
    now: string,
    condition: (current: Competition) => boolean = () => true,
  ): TransactItem => ({
    condition: () => {
      const current = stored(next.id);
      return action === undefined ? current === undefined : table.allows(next.id, action, now) && condition(current!);
    },
    apply: () => void table.competitions.set(next.id, copy(next)),
  });

  const snapshot = (c: Competition): TransactItem => ({
    apply: () => {
      const versions = table.competitionVersions.get(c.id) ?? new Map<number, Competition>();
      versions.set(c.version, copy(c));
      table.competitionVersions.set(c.id, versions);
    },
  });

  /**
   * The project's stage update inside a competition transaction; with `live`, on condition the project's live mark
   * is `live` or absent (the mark is then set or removed with the other fields).
   */
  const projectStage = (
    projectId: string,
    stage: ProjectStage,
    set: Record<string, unknown>,
    remove: readonly string[] = [],
    live?: string,
  ): TransactItem => ({
    condition: () => {
      const entry = table.projects.get(projectId);
      return !!entry && (live === undefined || entry.liveCompetitionId === undefined || entry.liveCompetitionId === live);
    },
    apply: () => {
      const entry = table.projects.get(projectId)!;
      const { liveCompetitionId, ...fields } = set as { liveCompetitionId?: string };
      const project: Record<string, unknown> = { ...entry.project, ...fields, stage };
      for (const name of remove) delete project[name];
      entry.project = project as unknown as Project;
      if (liveCompetitionId !== undefined) entry.liveCompetitionId = liveCompetitionId;
      if (remove.includes('liveCompetitionId')) delete entry.liveCompetitionId;
    },
  });

  const store: CompetitionStore = {
    get: async (id) => {
      const c = stored(id);
      return c ? copy(c) : undefined;
    },

    createDraft: async (c, event) => {
      table.transact(
        [
          put(c, undefined, c.createdAt),
          table.eventPut(partition(c.id), event),
          {
            condition: () => {
              const entry = table.projects.get(c.projectId);
              return !!entry && entry.liveCompetitionId === undefined && entry.project.stage === 'selection';
            },
            apply: () => void (table.projects.get(c.projectId)!.liveCompetitionId = c.id),
          },
        ],
        (index) => (index === 2 ? projectTaken() : new ConflictError('a competition with this id exists')),
      );
    },

    replace: async (next, expected, event, options) => {
      table.transact(
        [
          put(
            next,
            options.action,
            options.now,
            (current) => current.status === expected.status && current.version === expected.version && current.updatedAt === expected.updatedAt,
          ),
          table.eventPut(partition(next.id), event),
          ...(options.snapshot ? [snapshot(options.snapshot)] : []),
          ...(options.document
            ? [
                {
                  condition: () => {
                    const doc = table.tenderDocuments.get(tenderDocumentKey(next.id, options.document!.id));
                    return !!doc && doc.files.length === options.document!.files.length - 1 && doc.pending !== undefined;
                  },
                  apply: () => void table.tenderDocuments.set(tenderDocumentKey(next.id, options.document!.id), copy(options.document!)),
                },
              ]
            : []),
        ],
        (index) =>
          index === 0
            ? new ConflictError('the competition changed meanwhile or its deadline has passed; reload and try again')
            : new ConflictError('conflicting write'),
      );
    },

    publish: async (next, expected, event, idempotency) => {
      table.transact(
        [
          put(next, 'publish', event.at, (current) => current.version === expected.version),
          projectStage(
            next.projectId,
            projectStageOf(next.status),
            { competitionId: next.id, publishedAt: next.publishedAt, liveCompetitionId: next.id },
            [],
            next.id,
          ),
          snapshot(next),
          table.eventPut(partition(next.id), event),
          ...(idempotency
            ? [
                {
                  condition: () => !table.idempotency.has(`${idempotency.scope}#${idempotency.key}`),
                  apply: () => void table.idempotency.set(`${idempotency.scope}#${idempotency.key}`, copy(idempotency)),
                },
              ]
            : []),
        ],
        (index) =>
          index === 0
            ? new ConflictError('only a draft can be published; this competition is already published')
            : index === 4
              ? new ConflictError('this Idempotency-Key was used by a request in progress')
              : index === 1
                ? projectTaken()
                : new NotFoundError('the project of this competition no longer exists'),
      );
    },

    cancel: async (next, expected, event) => {
      const frees = expected.status !== 'draft' || table.projects.get(next.projectId)?.liveCompetitionId === next.id;
      table.transact(
        [
          put(next, 'cancel', event.at, (current) => current.version === expected.version),
          table.eventPut(partition(next.id), event),
          ...(expected.status !== 'draft'
            ? [projectStage(next.projectId, projectStageOf(next.status), {}, ['competitionId', 'publishedAt', 'liveCompetitionId'], next.id)]
            : frees
              ? [
                  {
                    condition: () => table.projects.get(next.projectId)?.liveCompetitionId === next.id,
                    apply: () => void delete table.projects.get(next.projectId)!.liveCompetitionId,
                  },
                ]
              : []),
        ],
        (index) =>
          index === 2
            ? new ConflictError('the project changed meanwhile; reload and try again')
            : new ConflictError(`a competition in status ${expected.status} cannot be cancelled (or it changed meanwhile)`),
      );
    },

    openBids: async (id, openedAt, event) => {
      if (!stored(id)) throw new NotFoundError('no such competition');
      table.transact(
        [
          {
            condition: () => table.allows(id, 'openBids', openedAt),
            apply: () =>
              void table.competitions.set(id, { ...stored(id)!, status: 'active.evaluation', bidsOpenedAt: openedAt, updatedAt: openedAt }),
          },
          table.eventPut(partition(id), event),
        ],
        () => new ConflictError('the bids cannot be opened: the deadline has not passed, or they were opened already'),
      );
    },

    markUnsuccessful: async (c, event) => {
      const next: Competition = { ...c, status: 'unsuccessful', updatedAt: event.at };
      table.transact(
        [
          put(next, 'markUnsuccessful', event.at),
          projectStage(c.projectId, projectStageOf(next.status), {}, ['competitionId', 'publishedAt', 'liveCompetitionId'], c.id),
          table.eventPut(partition(c.id), event),
        ],
        () => new ConflictError('the competition is no longer in evaluation'),
      );
    },

    list: async (filter, page) => {
      const statuses: readonly CompetitionStatus[] = filter.status
        ? [filter.status]
        : filter.includeDrafts
          ? ['draft', ...PUBLIC_STATUSES]
          : PUBLIC_STATUSES;
      const matching = [...table.competitions.values()]
        .filter(
          (c) =>
            statuses.includes(listedStatus(c)) &&
            (!filter.region || c.kato === filter.region) &&
            (!filter.sector || c.sector === filter.sector) &&
            (filter.includeDrafts || !!c.publishedAt),
        )
        .sort((a, b) => b.id.localeCompare(a.id));
      return pageOf(matching, page);
    },

    events: async (id, page) => pageOf(table.eventsOf(partition(id)), page),

    findIdempotency: async (scope, key) => {
      const record = table.idempotency.get(`${scope}#${key}`);
      return record ? copy(record) : undefined;
    },

    findDue: async (now, cursor) => {
      const due = [...table.competitions.values()]
        .flatMap((c) => {
          const at = nextDueAt(c);
          return at && at <= now ? [`${at}#${c.id}`] : [];
        })
        .sort()
        .map((sortKey) => sortKey.slice(sortKey.indexOf('#') + 1));
      const start = cursor ? Number(cursor.o) : 0;
      const end = start + DUE_PAGE;
      return { ids: due.slice(start, end), ...(end < due.length ? { cursor: { o: String(end) } } : {}) };
    },
  };
  return store;
};

/** Ids per page of the due index (the DynamoDB adapter reads 500). */
const DUE_PAGE = 500;

/** In-memory adapter of the project port; a put replaces the whole item, live mark included, as in the table. */
export const memoryProjectStore = (table: MemoryTable): ProjectStore => ({
  get: async (id) => {
    const entry = table.projects.get(id);
    return entry ? copy(entry.project) : undefined;
  },
  list: async (filter, page) =>
    pageOf(
      [...table.projects.values()]
        .map((entry) => entry.project)
        .filter((p) => (!filter.region || p.kato === filter.region) && (!filter.sector || p.sector === filter.sector) && (!filter.stage || p.stage === filter.stage))
        .sort((a, b) => a.id.localeCompare(b.id)),
      page,
    ),
  put: async (project) => void table.projects.set(project.id, { project: copy(project) }),
});
