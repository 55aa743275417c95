/**
 * The in-memory contract port: the DynamoDB adapter's semantics on the shared table — the contract lifecycle's row
 * (status, signing deadline against the `now` handed to the write, facts) and the revision it was read at; the
 * competition beside it by the competition lifecycle's row; the project's stage; a register proposal. All or nothing.
 */
import type { Competition } from '../../../shared/domain/competition.js';
import { nextContractDueAt, type Contract } from '../../../shared/domain/contract.js';
import { contractLifecycle } from '../../../shared/domain/contract-lifecycle.js';
import type { UnscrupulousEntry } from '../../../shared/domain/unscrupulous.js';
import { ConflictError } from '../../../shared/errors.js';
import type { ContractStore } from '../../../shared/use-cases/contracts.js';
import { copy, pageOf, type MemoryTable, type TransactItem } from './table.js';

export const memoryContractStore = (table: MemoryTable, register: Map<string, UnscrupulousEntry>): ContractStore & { readonly contracts: Map<string, Contract> } => {
  const contracts = new Map<string, Contract>();
  const partition = (id: string) => `CONTRACT#${id}`;
  const setCompetition = (next: Competition) => void table.competitions.set(next.id, copy(next));
  const setStage = (projectId: string, stage: string) => {
    const entry = table.projects.get(projectId);
    if (entry) entry.project = { ...entry.project, stage: stage as never };
  };

  return {
    contracts,
    get: async (id) => {
      const c = contracts.get(id);
      return c ? copy(c) : undefined;
    },
    create: async (contract, competition, event) => {
      table.transact(
        [
          {
            condition: () =>
              table.allows(competition.id, 'makeContract', contract.createdAt) &&
              table.competitions.get(competition.id)!.award?.id === competition.award?.id &&
              table.competitions.get(competition.id)!.updatedAt === competition.updatedAt,
            apply: () => setCompetition({ ...table.competitions.get(competition.id)!, contractId: contract.id, updatedAt: contract.createdAt }),
          },
          { condition: () => !contracts.has(contract.id), apply: () => void contracts.set(contract.id, copy(contract)) },
          table.eventPut(partition(contract.id), event),
        ],
        () => new ConflictError('the competition has its contract already, or no longer allows one'),
      );
    },
    replace: async (next, expected, action, events, now, side) => {
      const items: TransactItem[] = [
        {
          condition: () => {
            const stored = contracts.get(next.id);
            return !!stored && contractLifecycle.allows(action, stored, new Date(now)) && stored.revision === expected.revision;
          },
          apply: () => void contracts.set(next.id, copy(next)),
        },
        ...events.map((e) => table.eventPut(partition(next.id), e)),
      ];
      if (side?.competition) {
        const { next: c, expected: was, action: competitionAction } = side.competition;
        items.push({
          condition: () => {
            const stored = table.competitions.get(c.id);
            return table.allows(c.id, competitionAction, now) && stored?.contractId === was.contractId && stored?.updatedAt === was.updatedAt;
          },
          apply: () => setCompetition(c),
        });
        if (side.competition.event) items.push(table.eventPut(`COMP#${c.id}`, side.competition.event));
      }
      if (side?.projectStage) {
        const stage = side.projectStage;
        items.push({ condition: () => table.projects.has(next.projectId), apply: () => setStage(next.projectId, stage) });
      }
      if (side?.proposal) {
        const { entry, event } = side.proposal;
        items.push({ condition: () => !register.has(entry.id), apply: () => void register.set(entry.id, copy(entry)) }, table.eventPut(`UNSCRUPULOUS#${entry.bin}`, event));
      }
      table.transact(items, (index) =>
        index === 0
          ? new ConflictError('the contract changed meanwhile, or the action is no longer allowed; reload and try again')
          : new ConflictError('the competition changed meanwhile; reload and try again'),
      );
    },
    list: async (filter, page) =>
      pageOf(
        [...contracts.values()]
          .filter((c) => (!filter.region || c.kato === filter.region) && (!filter.status || c.status === filter.status))
          .sort((a, b) => b.id.localeCompare(a.id)),
        page,
      ),
    bySupplier: async (bin, page) =>
      pageOf(
        [...contracts.values()].filter((c) => c.supplier.bin === bin).sort((a, b) => b.id.localeCompare(a.id)),
        page,
      ),
    findDue: async (now) => ({
      ids: [...contracts.values()].filter((c) => {
        const due = nextContractDueAt(c);
        return due !== undefined && due <= now;
      }).map((c) => c.id),
    }),
  };
};
