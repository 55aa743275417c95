/**
 * In-memory adapter of the inquiry port, with the conditions of `shared/adapters/inquiry-store.ts`: each transition
 * leaves the status it names and holds only while the inquiry is routed as it was read. Lists run newest first within
 * each status (`new`, `in-progress`, `answered`), as the `<status>#<id>` sort keys read backwards.
 */
import type { Inquiry } from '../../../shared/domain/inquiry.js';
import { ConflictError } from '../../../shared/errors.js';
import { keys } from '../../../shared/keys.js';
import type { InquiryStore } from '../../../shared/use-cases/inquiries.js';
import { copy, pageOf, type MemoryTable, type TransactItem } from './table.js';

const partition = (id: string) => keys.inquiry(id).PK;

export const memoryInquiryStore = (table: MemoryTable): InquiryStore => {
  const transition = (next: Inquiry, from: Inquiry['status']): TransactItem => ({
    condition: () => {
      const current = table.inquiries.get(next.id);
      return current?.status === from && current.routedTo === next.routedTo;
    },
    apply: () => void table.inquiries.set(next.id, copy(next)),
  });

  return {
    file: async (inquiry, event) => {
      table.transact(
        [{ condition: () => !table.inquiries.has(inquiry.id), apply: () => void table.inquiries.set(inquiry.id, copy(inquiry)) }, table.eventPut(partition(inquiry.id), event)],
        () => new ConflictError('an inquiry with this id exists'),
      );
    },

    get: async (id) => {
      const inquiry = table.inquiries.get(id);
      return inquiry ? copy(inquiry) : undefined;
    },

    take: async (next, event) => {
      table.transact([transition(next, 'new'), table.eventPut(partition(next.id), event)], () => new ConflictError('the inquiry was taken or answered meanwhile'));
    },

    answer: async (next, event) => {
      table.transact([transition(next, 'in-progress'), table.eventPut(partition(next.id), event)], () => new ConflictError('this inquiry has been answered'));
    },

    list: async (filter, page) =>
      pageOf(
        [...table.inquiries.values()]
          .filter((i) => (!filter.routedTo || i.routedTo === filter.routedTo) && (!filter.status || i.status === filter.status))
          .sort((a, b) => `${b.status}#${b.id}`.localeCompare(`${a.status}#${a.id}`)),
        page,
      ),
  };
};
