/**
 * In-memory adapter of the overdue-milestone port (`shared/adapters/overdue-milestone-store.ts`): one entry per
 * (contract, milestone), listed by due date, then contract and milestone, like the index's sort key.
 */
import type { OverdueMilestone, OverdueMilestoneStore } from '../../../shared/use-cases/implementation-monitoring.js';
import { copy, pageOf } from './table.js';

export const memoryOverdueMilestoneStore = () => {
  const items = new Map<string, OverdueMilestone>();
  /** Milestones marked met (the adapter's tombstones). */
  const metKeys = new Set<string>();
  /** Pages read, and the items they returned (the bounded-reads check). */
  const reads: number[] = [];
  const store: OverdueMilestoneStore = {
    put: async (m) => {
      const key = `${m.contractId}#${m.milestoneId}`;
      if (!metKeys.has(key)) items.set(key, copy(m));
    },
    met: async (contractId, milestoneId) => {
      metKeys.add(`${contractId}#${milestoneId}`);
      items.delete(`${contractId}#${milestoneId}`);
    },
    remove: async (contractId) => {
      for (const [key, m] of items) if (m.contractId === contractId) items.delete(key);
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
