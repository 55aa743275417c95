/**
 * In-memory adapters of the financing and red-flag ports, with the conditions of `shared/adapters/financing-store.ts`
 * and `red-flag-store.ts`: a project holds one application under review or approved (its mark), a change holds only
 * if the lifecycle table allows the action on the stored application at the version read, and the project's financing
 * moves in the same transaction as the application and its event.
 */
import { FINANCING_REFUSALS, financingLifecycle, type FinancingApplication } from '../../../shared/domain/financing.js';
import type { CompetitionRiskFacts, RedFlag, RedFlagName } from '../../../shared/domain/red-flags.js';
import { NATIONAL_SCOPE } from '../../../shared/domain/stats.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { financingKeys } from '../../../shared/keys.js';
import type { FinancingStore } from '../../../shared/use-cases/financing.js';
import type { RedFlagStore } from '../../../shared/use-cases/red-flags.js';
import { copy, pageOf, type MemoryTable } from './table.js';

export const memoryFinancingStore = (table: MemoryTable) => {
  const applications = new Map<string, FinancingApplication>();
  /** Project id → the application that holds it (the DynamoDB adapter's `financingApplicationId`). */
  const marks = new Map<string, string>();

  const store: FinancingStore = {
    submit: async (app, project, event) => {
      table.transact(
        [
          { condition: () => !applications.has(app.id), apply: () => void applications.set(app.id, copy(app)) },
          {
            condition: () => table.projects.has(project.projectId) && !marks.has(project.projectId),
            apply: () => {
              marks.set(project.projectId, app.id);
              const stored = table.projects.get(project.projectId)!;
              stored.project = { ...stored.project, financing: copy(project.financing) };
            },
          },
          table.eventPut(financingKeys.application(app.id).PK, event),
        ],
        (index) => new ConflictError(index === 1 ? FINANCING_REFUSALS.submit('submitted') : 'an application with this id exists'),
      );
    },

    transition: async (action, next, expectedVersion, project, event) => {
      table.transact(
        [
          {
            condition: () => {
              const stored = applications.get(next.id);
              return !!stored && stored.version === expectedVersion && financingLifecycle.table[action].from.includes(stored.status);
            },
            apply: () => void applications.set(next.id, copy(next)),
          },
          ...(project
            ? [
                {
                  condition: () => marks.get(project.projectId) === next.id,
                  apply: () => {
                    if (project.release) marks.delete(project.projectId);
                    const stored = table.projects.get(project.projectId)!;
                    stored.project = { ...stored.project, financing: copy(project.financing) };
                  },
                },
              ]
            : []),
          table.eventPut(financingKeys.application(next.id).PK, event),
        ],
        (index) => (index === 0 ? new ConflictError('the application changed meanwhile; read it again') : new NotFoundError('the project no longer holds this application')),
      );
    },

    get: async (id) => {
      const app = applications.get(id);
      return app ? copy(app) : undefined;
    },

    list: async (filter, page) =>
      pageOf(
        [...applications.values()]
          .filter((a) => (!filter.region || a.kato === filter.region) && (!filter.route || a.route === filter.route) && (!filter.status || a.status === filter.status))
          .sort((a, b) => `${a.route}#${a.status}#${a.kato}#${a.id}`.localeCompare(`${b.route}#${b.status}#${b.kato}#${b.id}`))
          .map(copy),
        page,
      ),

    waiting: async (before, page) =>
      pageOf(
        [...applications.values()]
          .filter((a) => a.status === 'submitted' && `${a.submittedAt}#${a.id}` < before)
          .sort((a, b) => `${a.submittedAt}#${a.id}`.localeCompare(`${b.submittedAt}#${b.id}`))
          .map(copy),
        page,
      ),
  };
  return { store, applications, marks };
};

/** Red flags in memory: competitions' facts are given by the test (`facts`), flags and tallies kept in maps. */
export const memoryRedFlagStore = (facts: Map<string, CompetitionRiskFacts>) => {
  const flags = new Map<string, RedFlag>();
  const tallies = new Map<string, Set<string>>();
  const counts = new Map<string, Partial<Record<RedFlagName, number>>>();
  const store: RedFlagStore = {
    competition: async (id) => (facts.has(id) ? copy(facts.get(id)!) : undefined),
    put: async (list) => {
      for (const f of list) {
        const key = `${f.competitionId}#${f.flag}`;
        if (!flags.has(key)) {
          for (const scope of [f.kato, NATIONAL_SCOPE]) {
            const scoped = counts.get(scope) ?? {};
            scoped[f.flag] = (scoped[f.flag] ?? 0) + 1;
            counts.set(scope, scoped);
          }
        }
        flags.set(key, copy(f));
      }
    },
    counts: async () => new Map([...counts].map(([scope, byFlag]) => [scope, { ...byFlag }])),
    tallyWin: async (kato, year, bin, competitionId) => {
      const key = `${kato}#${year}#${bin}`;
      const set = tallies.get(key) ?? new Set<string>();
      set.add(competitionId);
      tallies.set(key, set);
      return [...set].sort();
    },
    list: async (filter, page) =>
      pageOf(
        [...flags.values()]
          .filter((f) => (!filter.region || f.kato === filter.region) && (!filter.flag || f.flag === filter.flag))
          .sort((a, b) => `${a.flag}#${a.kato}#${a.competitionId}`.localeCompare(`${b.flag}#${b.kato}#${b.competitionId}`)),
        page,
      ),
  };
  return { store, flags };
};
