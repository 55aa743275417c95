/**
 * In-memory adapters of the evaluation ports (qualifications, the award, complaints, the register), on the shared
 * in-memory table, with the conditions of `shared/adapters/evaluation-store.ts` and `register-store.ts`: each
 * transition allowed by the lifecycle table at the `now` it is given, the award at the evaluation revision it ranked.
 */
import type { Competition } from '../../../shared/domain/competition.js';
import { projectStageOf } from '../../../shared/domain/competition-lifecycle.js';
import type { ProjectStage } from '../../../shared/domain/project.js';
import type { Complaint } from '../../../shared/domain/complaints.js';
import type { Qualification } from '../../../shared/domain/evaluation.js';
import type { UnscrupulousEntry } from '../../../shared/domain/unscrupulous.js';
import { ConflictError } from '../../../shared/errors.js';
import { keys } from '../../../shared/keys.js';
import type { ComplaintStore } from '../../../shared/use-cases/complaints.js';
import type { AwardStore, QualificationStore } from '../../../shared/use-cases/evaluation.js';
import type { RegisterStore } from '../../../shared/use-cases/unscrupulous.js';
import { copy, pageOf, tenderDocumentKey, type MemoryTable, type TransactItem } from './table.js';

const partition = (id: string) => keys.competition(id).PK;

/** The project's stage change inside an evaluation transaction. */
const projectStage = (table: MemoryTable, projectId: string, stage: ProjectStage, awardedAt?: string): TransactItem => ({
  condition: () => table.projects.has(projectId),
  apply: () => {
    const entry = table.projects.get(projectId)!;
    const { awardedAt: _previous, ...project } = entry.project as typeof entry.project & { awardedAt?: string };
    entry.project = { ...project, stage, ...(awardedAt ? { awardedAt } : {}) } as typeof entry.project;
  },
});

const setCompetition = (table: MemoryTable, next: Competition) => () => void table.competitions.set(next.id, copy(next));

export const memoryEvaluationStores = (table: MemoryTable) => {
  const qualifications = new Map<string, Map<string, Qualification>>();
  const complaints = new Map<string, Map<string, Complaint>>();
  const register = new Map<string, UnscrupulousEntry>();

  const qualificationStore: QualificationStore = {
    list: async (competitionId) => [...(qualifications.get(competitionId)?.values() ?? [])].map(copy),
    decide: async (q, competition, event) => {
      table.transact(
        [
          {
            condition: () => table.allows(competition.id, 'qualify', event.at),
            apply: () => {
              const c = table.competitions.get(competition.id)!;
              table.competitions.set(c.id, { ...c, evaluationRevision: (c.evaluationRevision ?? 0) + 1 });
              const forCompetition = qualifications.get(q.competitionId) ?? new Map<string, Qualification>();
              forCompetition.set(q.bin, copy(q));
              qualifications.set(q.competitionId, forCompetition);
            },
          },
          table.eventPut(partition(competition.id), event),
        ],
        () => new ConflictError('decisions are taken in evaluation, before the award; the competition changed meanwhile'),
      );
    },
  };

  const awardStore: AwardStore = {
    award: async (next, expected, event, protocol) => {
      table.transact(
        [
          {
            condition: () =>
              table.allows(next.id, 'award', event.at) && table.competitions.get(next.id)!.evaluationRevision === expected.evaluationRevision,
            apply: setCompetition(table, next),
          },
          projectStage(table, next.projectId, projectStageOf(next.status), next.award!.at),
          table.eventPut(partition(next.id), event),
          {
            condition: () => !table.tenderDocuments.has(tenderDocumentKey(next.id, protocol.id)),
            apply: () => void table.tenderDocuments.set(tenderDocumentKey(next.id, protocol.id), copy(protocol)),
          },
        ],
        () => new ConflictError('the competition was awarded, or a decision changed the ranking, meanwhile; reload and try again'),
      );
    },
  };

  const put = (c: Complaint) => {
    const forCompetition = complaints.get(c.competitionId) ?? new Map<string, Complaint>();
    forCompetition.set(c.id, copy(c));
    complaints.set(c.competitionId, forCompetition);
  };

  const complaintStore: ComplaintStore = {
    file: async (complaint, competition, event) => {
      table.transact(
        [
          {
            condition: () =>
              complaint.subject === 'award'
                ? table.allows(competition.id, 'fileAwardComplaint', complaint.filedAt) && table.competitions.get(competition.id)!.award?.id === complaint.awardId
                : table.allows(competition.id, 'fileTenderComplaint', complaint.filedAt),
            apply: () => {
              if (complaint.subject !== 'award') return;
              const c = table.competitions.get(competition.id)!;
              table.competitions.set(c.id, { ...c, pendingAwardComplaints: (c.pendingAwardComplaints ?? 0) + 1 });
            },
          },
          { condition: () => !complaints.get(complaint.competitionId)?.has(complaint.id), apply: () => put(complaint) },
          table.eventPut(partition(competition.id), event),
        ],
        () => new ConflictError('the competition no longer accepts this complaint'),
      );
    },
    get: async (competitionId, id) => {
      const c = complaints.get(competitionId)?.get(id);
      return c ? copy(c) : undefined;
    },
    list: async (competitionId) => [...(complaints.get(competitionId)?.values() ?? [])].map(copy),
    decide: async (next, competition, event, reopened) => {
      const competitionWrites: TransactItem[] = reopened
        ? [
            {
              condition: () => {
                const c = table.competitions.get(competition.id)!;
                return table.allows(c.id, 'cancelAward', event.at) && c.award?.id === next.awardId && (c.pendingAwardComplaints ?? 0) === (competition.pendingAwardComplaints ?? 0);
              },
              apply: setCompetition(table, reopened.next),
            },
            projectStage(table, competition.projectId, projectStageOf(reopened.next.status)),
            table.eventPut(partition(competition.id), reopened.event),
          ]
        : next.subject === 'award'
          ? [
              {
                condition: () => (table.competitions.get(competition.id)!.pendingAwardComplaints ?? 0) > 0,
                apply: () => {
                  const c = table.competitions.get(competition.id)!;
                  table.competitions.set(c.id, { ...c, pendingAwardComplaints: c.pendingAwardComplaints! - 1 });
                },
              },
            ]
          : [];
      table.transact(
        [
          { condition: () => complaints.get(next.competitionId)?.get(next.id)?.status === 'pending', apply: () => put(next) },
          table.eventPut(partition(competition.id), event),
          ...competitionWrites,
        ],
        () => new ConflictError('the complaint or its competition changed meanwhile; reload and try again'),
      );
    },
    listPending: async () =>
      [...complaints.values()]
        .flatMap((m) => [...m.values()])
        .filter((c) => c.status === 'pending')
        .sort((a, b) => a.reviewDueAt.localeCompare(b.reviewDueAt))
        .map(copy),
  };

  const registerStore: RegisterStore = {
    listByBin: async (bin) => [...register.values()].filter((e) => e.bin === bin).map(copy),
    get: async (id) => {
      const e = register.get(id);
      return e ? copy(e) : undefined;
    },
    add: async (entry, event) => {
      table.transact(
        [{ condition: () => !register.has(entry.id), apply: () => void register.set(entry.id, copy(entry)) }, table.eventPut(`UNSCRUPULOUS#${entry.bin}`, event)],
        () => new ConflictError('an entry with this id exists'),
      );
    },
    end: async (entry, at, event) => {
      table.transact(
        [
          {
            condition: () => {
              const e = register.get(entry.id);
              return !!e && !e.endedAt && e.until > at;
            },
            apply: () => void register.set(entry.id, { ...register.get(entry.id)!, endedAt: at }),
          },
          table.eventPut(`UNSCRUPULOUS#${entry.bin}`, event),
        ],
        () => new ConflictError('the entry has ended already'),
      );
    },
    confirm: async (next, event) => {
      table.transact(
        [
          { condition: () => register.get(next.id)?.status === 'proposed', apply: () => void register.set(next.id, copy(next)) },
          table.eventPut(`UNSCRUPULOUS#${next.bin}`, event),
        ],
        () => new ConflictError('the entry is no longer a proposal'),
      );
    },
    list: async (page) => pageOf([...register.values()].sort((a, b) => b.id.localeCompare(a.id)), page),
  };

  return { qualifications: qualificationStore, awards: awardStore, complaints: complaintStore, register: registerStore, registerEntries: register };
};
