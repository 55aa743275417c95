/**
 * In-memory adapter of the overdue-milestone port (`shared/adapters/overdue-milestone-store.ts`): one entry per
 * (contract, milestone), listed by due date, then contract and milestone, like the index's sort key.
 */
import type { OverdueMilestone, OverdueMilestoneStore } from '../../../shared/use-cases/implementation-monitoring.js';
import { copy, pageOf } from './table.js';

export const memoryOverdueMilestoneStore = () => {
  const items = new Map<string, OverdueMilestone>();
  /** Pages read, and the items they returned (the bounded-reads check). */
  const reads: number[] = [];
  const store: OverdueMilestoneStore = {
    put: async (m) => {
      items.set(`${m.contractId}#${m.milestoneId}`, copy(m));
    },
    remove: async (contractId, milestoneId) => {
      for (const [key, m] of items) if (m.contractId === contractId && (milestoneId === undefined || m.milestoneId === milestoneId)) items.delete(key);
    },
    list: async (filter, page) => {
      const result = pageOf(
        [...items.values()]
          .filter((m) => !filter.region || m.kato === filter.region)
          .sort((a, b) => `${a.dueDate}#${a.contractId}#${a.milestoneId}`.localeCompare(`${b.dueDate}#${b.contractId}#${b.milestoneId}`)),
        page,
      );
      reads.push(result.items.length);
      return result;
    },
  };
  return { store, items, reads };
};
