/**
 * Factories of domain records for tests: each returns a valid record of its kind, with every field overridable, so a
 * test names only the facts it is about. Ids and BINs are unique per call (valid BINs, time-ordered ids).
 */
import type { Bid, Competition, Question } from '../../shared/domain/competition.js';
import { makeBin } from '../../shared/domain/bin.js';
import type { Contractor } from '../../shared/domain/contractor.js';
import { newId } from '../../shared/domain/ids.js';
import type { Inquiry } from '../../shared/domain/inquiry.js';
import type { Project } from '../../shared/domain/project.js';
import type { Caller } from '../../shared/http/identity.js';

let serial = 0;

/** A valid BIN no other call of this module returns. */
export const aBin = (): string => {
  for (;;) {
    serial += 1;
    try {
      return makeBin('2001', '4', '0', serial);
    } catch {
      // no check digit exists for this serial: take the next
    }
  }
};

/** Karaganda region: the default region of the records below. */
export const KATO = '350000000';

export const T0 = '2026-12-01T05:00:00.000Z';

export const aProject = (overrides: Partial<Project> = {}): Project => {
  const id = overrides.id ?? newId();
  return {
    id,
    kato: KATO,
    sector: 'heat',
    title: { ru: `Реконструкция котельной ${id}`, kk: `Қазандықты қайта құру ${id}`, en: `Boiler house reconstruction ${id}` },
    value: '1250000000',
    approvalDate: '2026-01-15',
    plannedPublicationDate: '2026-12-31',
    stage: 'selection',
    readiness: 'ready',
    financing: { route: 'development-bank', status: 'approved', amount: '1000000000' },
    akimat: { name: { ru: 'Акимат Карагандинской области', kk: 'Қарағанды облысының әкімдігі', en: 'Karaganda Region Akimat' } },
    official: { name: 'Test Official', position: 'Deputy akim' },
    ...overrides,
  };
};

/** A draft; give `status`, the periods and `publishedAt` for a published one (or publish it through the use case). */
export const aCompetition = (overrides: Partial<Competition> = {}): Competition => ({
  id: newId(),
  projectId: newId(),
  kato: KATO,
  sector: 'heat',
  title: { ru: 'Теплосеть', kk: 'Жылу желісі', en: 'Heating network' },
  estimatedValue: '1000000000',
  status: 'draft',
  version: 1,
  bidsValidFromVersion: 1,
  createdAt: T0,
  updatedAt: T0,
  createdBy: `akimat:${overrides.kato ?? KATO}`,
  ...overrides,
});

export const aBid = (overrides: Partial<Bid> = {}): Bid => ({
  competitionId: newId(),
  bin: aBin(),
  price: '950000000',
  competitionVersion: 1,
  submittedAt: T0,
  receiptId: newId(),
  ...overrides,
});

/** A verified contractor with no subscriptions. */
export const aContractor = (overrides: Partial<Contractor> = {}): Contractor => {
  const bin = overrides.bin ?? aBin();
  return {
    bin,
    name: `ТОО Подрядчик ${bin}`,
    email: `contractor-${bin}@example.kz`,
    language: 'ru',
    status: 'verified',
    subscriptions: [],
    registeredAt: T0,
    verifiedAt: T0,
    unsubscribeToken: `unsubscribe-${bin}`,
    ...overrides,
  };
};

export const aQuestion = (overrides: Partial<Question> = {}): Question => ({
  id: newId(),
  competitionId: newId(),
  text: 'Допускается ли привлечение субподрядчиков?',
  askedAt: T0,
  askerBin: aBin(),
  ...overrides,
});

/** A new regional inquiry, routed to the akimat of {@link KATO}. */
export const anInquiry = (overrides: Partial<Inquiry> = {}): Inquiry => ({
  id: newId(),
  topic: 'competition',
  kato: KATO,
  text: 'Когда объявят конкурс?',
  contact: { name: 'Айгерим', email: 'aigerim@example.kz' },
  language: 'ru',
  routedTo: overrides.kato ?? KATO,
  status: 'new',
  filedAt: T0,
  dueAt: '2026-12-08T13:00:00.000Z',
  accessTokenHash: 'hash-of-the-access-token',
  ...overrides,
});

/** The callers of the use cases: as the JWT claims describe them. */
export const anAkimat = (kato = KATO): Caller => ({ sub: `akimat:${kato}`, role: 'akimat', kato });
export const aContractorCaller = (bin: string): Caller => ({ sub: `contractor:${bin}`, role: 'contractor', bin });
export const aMinistry = (): Caller => ({ sub: 'ministry:1', role: 'ministry' });
