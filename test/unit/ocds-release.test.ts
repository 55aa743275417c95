/**
 * Competitions as OCDS releases: the lifecycle table, amounts, sealed bids, the state at each event, the merge into
 * a compiled release, and validity against the official OCDS 1.1.5 schemas.
 */
import { describe, expect, it } from 'vitest';
import { COMPETITION_STATUSES, type Competition, type CompetitionStatus } from '../../shared/domain/competition.js';
import type { BidDocumentRef } from '../../shared/domain/documents.js';
import type { DomainEvent } from '../../shared/domain/events.js';
import { compileReleases } from '../../shared/domain/ocds-merge.js';
import { makeEvent, type EventPayloads, type EventTypeOf } from '../../shared/domain/events.js';
import {
  buildRelease,
  competitionAtEvent,
  competitionIdOf,
  evaluationFactsAt,
  OCDS_LIFECYCLE,
  OCDS_RELEASE_EVENTS,
  ocdsAmount,
  ocidOf,
  releaseIdOf,
  tenderStatusOf,
  type CompetitionEventFacts,
  type OcdsEventType,
  type OcdsRelease,
  type PublicationFact,
  type ReleaseInput,
} from '../../shared/domain/ocds-release.js';
import { parseMoney } from '../../shared/domain/money.js';
import type { Project } from '../../shared/domain/project.js';
import type { Signer } from '../../shared/domain/signing.js';
import { ocdsRoutes } from '../../shared/use-cases/ocds-job.js';
import { ocdsDefinitionErrors, ocdsErrors } from '../support/ocds-schemas.js';

const PREFIX = 'ocds-konkurs';
const AKIMAT_BIN = '940140000385';
const BIDDER_A = '961141000023';
/** Sorts before BIDDER_A: releases list bidders by BIN. */
const BIDDER_B = '950140000385';

const project: Project = {
  id: 'P-KARAGANDA-1',
  kato: '350000000',
  sector: 'heat',
  title: { ru: 'Реконструкция котельной №3', kk: '№3 қазандықты қайта құру', en: 'Boiler house No. 3 reconstruction' },
  value: '1250000000',
  approvalDate: '2026-01-15',
  plannedPublicationDate: '2026-03-01',
  stage: 'contractor-determination',
  readiness: 'ready',
  financing: { route: 'development-bank', status: 'approved', amount: '1000000000' },
  akimat: { name: { ru: 'Акимат Карагандинской области', kk: 'Қарағанды облысының әкімдігі', en: 'Karaganda Region Akimat' }, bin: AKIMAT_BIN },
  official: { name: 'Test Official', position: 'Deputy akim' },
};

const T0 = '2026-03-02T09:00:00.000Z';
const T_AMEND = '2026-03-03T10:00:00.000Z';
const T_OPEN = '2026-03-12T09:00:00.000Z';
const T_AWARD = '2026-03-13T12:00:00.000Z';

const v1: Competition = {
  id: '01KX0000000000000000',
  projectId: project.id,
  kato: '350000000',
  sector: 'heat',
  title: { ru: 'Реконструкция котельной', kk: 'Қазандықты қайта құру', en: 'Boiler house reconstruction' },
  description: 'Работы по реконструкции',
  estimatedValue: '1250000000.50',
  status: 'active.clarification',
  version: 1,
  bidsValidFromVersion: 1,
  enquiryPeriod: { startDate: T0, endDate: '2026-03-04T09:00:00.000Z' },
  tenderPeriod: { startDate: '2026-03-04T09:00:00.000Z', endDate: '2026-03-11T09:00:00.000Z' },
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: T0,
  publishedAt: T0,
  createdBy: 'akimat-sub',
};

const v2: Competition = { ...v1, title: { ...v1.title, ru: 'Реконструкция котельной (изм.)' }, estimatedValue: '1300000000', version: 2, updatedAt: T_AMEND };

const publications: PublicationFact[] = [
  { eventId: 'e-pub', type: 'competition.published', at: T0, version: 1, fields: [], bidsInvalidated: false },
  { eventId: 'e-amend', type: 'competition.amended', at: T_AMEND, version: 2, fields: ['title', 'estimatedValue'], bidsInvalidated: false },
];

const bids = [{ bin: BIDDER_A, name: 'ТОО «Жылу Құрылыс»' }, { bin: BIDDER_B, name: 'ТОО «СтройТепло»' }];

/** The release of `type` at `at`, with the competition as it stood then (current = awarded, to prove the history). */
const releaseOf = (type: OcdsEventType, at: string, eventId: string, data: Record<string, unknown> = {}, extra: Partial<ReleaseInput> = {}): OcdsRelease => {
  const current: Competition = { ...v2, status: 'active.awarded', bidsOpenedAt: T_OPEN, award: { bin: BIDDER_A, price: '1200000000.75', at: T_AWARD } };
  return buildRelease({
    ocidPrefix: PREFIX,
    event: { eventId, type, at },
    competition: competitionAtEvent({ type, at, data } as CompetitionEventFacts, [v1, v2], current),
    project,
    publications,
    bids,
    apiBaseUrl: 'https://api.konkurs.kz',
    ...extra,
  });
};

const journey = (): OcdsRelease[] => [
  releaseOf('competition.published', T0, 'e-pub'),
  releaseOf('competition.amended', T_AMEND, 'e-amend', { version: 2, fields: ['title', 'estimatedValue'] }),
  releaseOf('competition.bids-opened', T_OPEN, 'e-open'),
  releaseOf('competition.awarded', T_AWARD, 'e-award', { bin: BIDDER_A, price: '1200000000.75' }),
];

const releasePackage = (releases: readonly OcdsRelease[]) => ({
  uri: 'https://api.konkurs.kz/ocds/releases?cursor=x&limit=100',
  version: '1.1',
  publishedDate: T_AWARD,
  publisher: { name: 'Konkurs — МЭКС electronic competitions', uri: 'https://konkurs.kz' },
  license: 'https://creativecommons.org/licenses/by/4.0/',
  publicationPolicy: 'https://konkurs.kz/open-data',
  releases,
  links: { next: 'https://api.konkurs.kz/ocds/releases?cursor=y&limit=100' },
});

describe('the competition lifecycle in OCDS', () => {
  it('maps every status to the tender status and tags of the domain table; drafts to nothing', () => {
    // Prepare
    const table: Record<CompetitionStatus, [string | undefined, string[]]> = {
      draft: [undefined, []],
      'active.clarification': ['active', ['tender', 'tenderAmendment']],
      'active.tendering': ['active', ['tenderUpdate']],
      'active.evaluation': ['active', ['tenderUpdate']],
      'active.awarded': ['active', ['award']],
      complete: ['complete', ['contract']],
      unsuccessful: ['unsuccessful', ['tenderUpdate']],
      cancelled: ['cancelled', ['tenderCancellation']],
    };

    // Act
    const mapped = Object.fromEntries(COMPETITION_STATUSES.map((s) => [s, [tenderStatusOf(s), [...OCDS_LIFECYCLE[s].tags]]]));

    // Assess
    expect(mapped).toEqual(table);
  });

  it.each([
    ['competition.published', 'active.clarification', 'tender'],
    ['competition.amended', 'active.clarification', 'tenderAmendment'],
    ['competition.bids-opened', 'active.evaluation', 'tenderUpdate'],
    ['competition.unsuccessful', 'unsuccessful', 'tenderUpdate'],
    ['competition.awarded', 'active.awarded', 'award'],
    ['competition.cancelled', 'cancelled', 'tenderCancellation'],
  ] as const)('tags the release of %s as the table does for %s (%s)', (type, status, tag) => {
    // Act
    const declared = OCDS_RELEASE_EVENTS[type].tag;

    // Assess
    expect(declared).toBe(tag);
    expect(OCDS_LIFECYCLE[status].tags).toContain(tag);
  });

  it('publishes one release per public event and none for drafts or private events', () => {
    // Prepare
    const base = { eventId: 'e1', at: T0, actor: { system: 'test' }, subject: { kind: 'competition', id: v1.id }, data: {} } as const;
    const of = (type: string, before?: unknown) => ocdsRoutes({ ...base, type, ...(before ? { before } : {}) } as DomainEvent);

    // Act + Assess
    for (const type of Object.keys(OCDS_RELEASE_EVENTS)) {
      expect(of(type, { status: 'active.tendering' }), type).toEqual([
        { queue: 'ocds', id: 'e1:ocds', body: { eventId: 'e1', type, at: T0, competitionId: v1.id } },
      ]);
    }
    expect(of('competition.cancelled', { status: 'draft' })).toEqual([]);
    for (const type of ['competition.created', 'competition.draft-updated', 'bid.submitted', 'question.asked']) expect(of(type)).toEqual([]);
  });

  it('builds the ocid from the configured prefix and the release id from the event', () => {
    // Act
    const ocid = ocidOf('ocds-abc123', v1.id);

    // Assess
    expect(ocid).toBe(`ocds-abc123-${v1.id}`);
    expect(competitionIdOf('ocds-abc123', ocid)).toBe(v1.id);
    expect(competitionIdOf('ocds-other', ocid)).toBeUndefined();
    expect(releaseIdOf(ocid, 'e-1')).toBe(`${ocid}-e-1`);
    expect(releaseOf('competition.published', T0, 'e-pub')).toMatchObject({ ocid: `${PREFIX}-${v1.id}`, id: `${PREFIX}-${v1.id}-e-pub` });
  });
});

describe('ocdsAmount', () => {
  it.each([
    ['1250000000.50', 1_250_000_000.5],
    ['0.05', 0.05],
    ['99.5', 99.5],
    ['974000000000', 974_000_000_000],
    ['70368744177663.99', 70_368_744_177_663.99],
  ])('converts the tenge amount %s to the JSON number %d, exact to the tiyn', (amount, expected) => {
    // Act
    const value = ocdsAmount(amount);

    // Assess
    expect(value).toBe(expected);
    const tiyn = parseMoney(amount);
    expect(value.toFixed(2)).toBe(`${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`);
  });

  it('is the nearest number above 2^46 tenge, where a double can no longer hold every tiyn', () => {
    // Act
    const value = ocdsAmount('999999999999999.99');

    // Assess
    expect(Math.abs(value - 999_999_999_999_999.99)).toBeLessThan(0.2);
  });

  it.each(['1e9', '-5', '1,5', '01', '1.234', ''])('refuses %j, which is not a tenge amount', (amount) => {
    // Act + Assess
    expect(() => ocdsAmount(amount)).toThrow(RangeError);
  });
});

describe('buildRelease', () => {
  it('names no bid, bidder or number of tenderers before the bids are opened, whatever it is given', () => {
    // Act
    const before = [releaseOf('competition.published', T0, 'e-pub'), releaseOf('competition.amended', T_AMEND, 'e-amend', { version: 2 })];
    const cancelled = releaseOf('competition.cancelled', T_AMEND, 'e-cancel', { reason: 'noNeed' });

    // Assess
    for (const release of [...before, cancelled]) {
      const text = JSON.stringify(release);
      expect(text).not.toContain(BIDDER_A);
      expect(text).not.toContain(BIDDER_B);
      expect(text).not.toContain('Жылу');
      expect(release.tender.numberOfTenderers).toBeUndefined();
      expect(release.tender.tenderers).toBeUndefined();
      expect(release.parties.flatMap((p) => p.roles)).not.toContain('tenderer');
      expect(release.awards).toBeUndefined();
    }
  });

  it('names the tenderers and their number from the opening on, and the supplier with the award', () => {
    // Act
    const [, , opened, awarded] = journey();

    // Assess
    expect(opened!.tender.numberOfTenderers).toBe(2);
    expect(opened!.tender.tenderers).toEqual([
      { id: `KZ-BIN-${BIDDER_B}`, name: 'ТОО «СтройТепло»' },
      { id: `KZ-BIN-${BIDDER_A}`, name: 'ТОО «Жылу Құрылыс»' },
    ]);
    expect(opened!.awards).toBeUndefined();
    expect(awarded!.awards).toEqual([
      {
        id: `${v1.id}-award-1`,
        status: 'active',
        date: T_AWARD,
        value: { amount: 1_200_000_000.75, currency: 'KZT' },
        suppliers: [{ id: `KZ-BIN-${BIDDER_A}`, name: 'ТОО «Жылу Құрылыс»' }],
      },
    ]);
    expect(awarded!.parties.find((p) => p.id === `KZ-BIN-${BIDDER_A}`)!.roles).toEqual(['tenderer', 'supplier']);
  });

  it('describes the akimat, the funders of the financing route, the budget and the multilingual tender', () => {
    // Act
    const release = releaseOf('competition.published', T0, 'e-pub');

    // Assess
    expect(release).toMatchObject({ tag: ['tender'], initiationType: 'tender', language: 'ru', date: T0 });
    expect(release.parties[0]).toEqual({
      id: `KZ-BIN-${AKIMAT_BIN}`,
      name: 'Акимат Карагандинской области',
      name_kk: 'Қарағанды облысының әкімдігі',
      name_en: 'Karaganda Region Akimat',
      identifier: { scheme: 'KZ-BIN', id: AKIMAT_BIN, legalName: 'Акимат Карагандинской области' },
      address: { region: '350000000', countryName: 'Казахстан', countryName_kk: 'Қазақстан', countryName_en: 'Kazakhstan' },
      roles: ['buyer', 'procuringEntity'],
    });
    expect(release.parties.filter((p) => p.roles.includes('funder')).map((p) => p.id)).toEqual(['funder-baiterek', 'funder-dbk']);
    expect(release.buyer).toEqual({ id: `KZ-BIN-${AKIMAT_BIN}`, name: 'Акимат Карагандинской области' });
    expect(release.planning.budget).toMatchObject({
      id: project.id,
      projectID: project.id,
      project: project.title.ru,
      amount: { amount: 1_000_000_000, currency: 'KZT' },
      uri: `https://api.konkurs.kz/projects/${project.id}`,
    });
    expect(release.tender).toMatchObject({
      id: v1.id,
      title: 'Реконструкция котельной',
      title_kk: 'Қазандықты қайта құру',
      title_en: 'Boiler house reconstruction',
      status: 'active',
      value: { amount: 1_250_000_000.5, currency: 'KZT' },
      procurementMethod: 'open',
      mainProcurementCategory: 'works',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: v1.tenderPeriod,
      enquiryPeriod: v1.enquiryPeriod,
      procuringEntity: release.buyer,
    });
  });

  it.each([
    ['housing-company', ['funder-baiterek', 'funder-khc']],
    ['budget', ['funder-ministry']],
  ] as const)('lists the funders of the %s route', (route, funders) => {
    // Act
    const release = releaseOf('competition.published', T0, 'e-pub', {}, { project: { ...project, financing: { route, status: 'approved' } } });

    // Assess
    expect(release.parties.filter((p) => p.roles.includes('funder')).map((p) => p.id)).toEqual(funders);
    expect(release.planning.budget.amount.amount).toBe(1_250_000_000);
  });

  it('identifies an akimat without a BIN by its region and gives it no identifier', () => {
    // Act
    const release = releaseOf('competition.published', T0, 'e-pub', {}, { project: { ...project, akimat: { name: project.akimat.name } } });

    // Assess
    expect(release.parties[0]).toMatchObject({ id: 'KZ-KATO-350000000-akimat', address: { region: '350000000' } });
    expect(release.parties[0]!.identifier).toBeUndefined();
  });

  it('publishes each event with the competition as it stood then, and the amendments made until then', () => {
    // Act
    const [published, amended, opened] = journey();

    // Assess
    expect(published!.tender).toMatchObject({ title: 'Реконструкция котельной', value: { amount: 1_250_000_000.5 } });
    expect(published!.tender.amendments).toBeUndefined();
    expect(amended!.tender).toMatchObject({ title: 'Реконструкция котельной (изм.)', value: { amount: 1_300_000_000 } });
    const amendment = {
      id: '2',
      date: T_AMEND,
      description: 'Изменено: tender.title, tender.value',
      amendsReleaseID: published!.id,
      releaseID: amended!.id,
    };
    expect(amended!.tender.amendments).toEqual([amendment]);
    expect(opened!.tender.amendments).toEqual([amendment]);
    expect(opened!.tender.status).toBe('active');
  });

  it('marks cancellation and an unsuccessful end in tender.status', () => {
    // Act
    const cancelled = releaseOf('competition.cancelled', T_AMEND, 'e-cancel', { reason: 'noNeed' });
    const unsuccessful = releaseOf('competition.unsuccessful', T_OPEN, 'e-unsuccessful', {}, { bids: [] });

    // Assess
    expect(cancelled).toMatchObject({ tag: ['tenderCancellation'], tender: { status: 'cancelled' } });
    expect(unsuccessful).toMatchObject({ tag: ['tenderUpdate'], tender: { status: 'unsuccessful', numberOfTenderers: 0 } });
  });

  it('refuses to publish a draft', () => {
    // Act + Assess
    expect(() =>
      buildRelease({
        ocidPrefix: PREFIX,
        event: { eventId: 'e', type: 'competition.cancelled', at: T0 },
        competition: { ...v1, status: 'draft', publishedAt: undefined } as unknown as Competition,
        project,
        publications: [],
      }),
    ).toThrow(/not published/);
  });

  it('builds releases that validate against the OCDS 1.1.5 release schema, for every event', () => {
    // Act
    const releases = [
      ...journey(),
      releaseOf('competition.cancelled', T_AMEND, 'e-cancel', { reason: 'noNeed' }),
      releaseOf('competition.unsuccessful', T_OPEN, 'e-unsuccessful', {}, { bids: [] }),
      releaseOf('competition.published', T0, 'e-pub', {}, { project: { ...project, akimat: { name: project.akimat.name }, financing: { route: 'budget', status: 'not-requested' } } }),
    ];

    // Assess
    for (const release of releases) expect(ocdsErrors('release', release), release.id).toEqual([]);
    expect(ocdsErrors('releasePackage', releasePackage(releases))).toEqual([]);
  });

  it('is caught by the schema when a field is not core OCDS (the test validator is not toothless)', () => {
    // Prepare
    const release = releaseOf('competition.published', T0, 'e-pub');

    // Act
    const errors = ocdsErrors('release', { ...release, tag: ['bidOpening'], tender: { ...release.tender, value: { amount: '1250000000.50', currency: 'KZT' } } });

    // Assess
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('compileReleases', () => {
  it('merges the releases oldest first: latest values win, parties and amendments merge by id', () => {
    // Prepare
    const releases = journey().reverse();

    // Act
    const compiled = compileReleases(releases);

    // Assess
    expect(compiled).toMatchObject({ ocid: `${PREFIX}-${v1.id}`, id: `${PREFIX}-${v1.id}-${T_AWARD}`, date: T_AWARD, tag: ['compiled'] });
    expect(compiled.tender).toMatchObject({ title: 'Реконструкция котельной (изм.)', status: 'active', numberOfTenderers: 2 });
    expect(compiled.tender.amendments).toHaveLength(1);
    expect(compiled.parties.map((p) => p.id)).toEqual([`KZ-BIN-${AKIMAT_BIN}`, 'funder-baiterek', 'funder-dbk', `KZ-BIN-${BIDDER_B}`, `KZ-BIN-${BIDDER_A}`]);
    expect(compiled.parties.find((p) => p.id === `KZ-BIN-${BIDDER_A}`)!.roles).toEqual(['tenderer', 'supplier']);
    expect(compiled.awards).toHaveLength(1);
    expect(ocdsErrors('release', compiled)).toEqual([]);
  });

  it('applies the opening before the unsuccessful end of the same instant', () => {
    // Prepare
    const opened = releaseOf('competition.bids-opened', T_OPEN, 'z-open', {}, { bids: [] });
    const unsuccessful = releaseOf('competition.unsuccessful', T_OPEN, 'a-unsuccessful', {}, { bids: [] });

    // Act
    const compiled = compileReleases([unsuccessful, opened]);

    // Assess
    expect(compiled.tender.status).toBe('unsuccessful');
  });

  it('removes a field a later release sets to null and replaces arrays of strings whole', () => {
    // Prepare
    const [published] = journey();
    const later = { ...published!, id: 'later', date: T_AMEND, tender: { ...published!.tender, description: null, submissionMethod: ['inPerson'] } } as unknown as OcdsRelease;

    // Act
    const compiled = compileReleases([published!, later]);

    // Assess
    expect(compiled.tender.description).toBeUndefined();
    expect(compiled.tender.submissionMethod).toEqual(['inPerson']);
  });

  it('builds a record package that validates against the OCDS 1.1.5 record package schema', () => {
    // Prepare
    const releases = journey();
    const ocid = releases[0]!.ocid;

    // Act
    const recordPackage = {
      ...releasePackage(releases),
      releases: undefined,
      links: undefined,
      packages: [`https://api.konkurs.kz/ocds/releases/${ocid}`],
      records: [
        {
          ocid,
          releases: releases.map((r) => ({ url: `https://api.konkurs.kz/ocds/releases/${ocid}#${r.id}`, date: r.date, tag: r.tag })),
          compiledRelease: compileReleases(releases),
        },
      ],
    };

    // Assess
    expect(ocdsErrors('recordPackage', JSON.parse(JSON.stringify(recordPackage)))).toEqual([]);
  });
});

describe('tender documents in releases', () => {
  const spec = {
    id: 'DOC1',
    documentType: 'projectDesign' as const,
    title: 'ПСД',
    language: 'ru',
    fileName: 'psd.pdf',
    contentType: 'application/pdf',
    size: 1024,
    sha256: 'ab'.repeat(32),
    version: 2,
    datePublished: T0,
    dateModified: T_AMEND,
  };
  const withDocs: Competition = { ...v2, documents: [spec, { ...spec, id: 'DOC2', documentType: 'billOfQuantity', title: 'Смета', version: 1, dateModified: T0 }] };

  it('lists the current version of each document with its format, dates, versioned link and SHA-256, valid against the release schema', () => {
    // Act
    const release = buildRelease({
      ocidPrefix: PREFIX,
      event: { eventId: 'e-amend', type: 'competition.amended', at: T_AMEND },
      competition: withDocs,
      project,
      publications,
      apiBaseUrl: 'https://api.konkurs.kz',
    });
    // Assess
    expect(release.tender.documents).toEqual([
      {
        id: 'DOC1',
        documentType: 'projectDesign',
        title: 'ПСД',
        url: `https://api.konkurs.kz/competitions/${v2.id}/documents/DOC1/content?version=2`,
        datePublished: T0,
        dateModified: T_AMEND,
        format: 'application/pdf',
        language: 'ru',
        hash: `sha256:${'ab'.repeat(32)}`,
      },
      expect.objectContaining({ id: 'DOC2', documentType: 'billOfQuantity', format: 'application/pdf' }),
    ]);
    expect(ocdsErrors('release', release)).toEqual([]);
  });

  it('has no documents block for a competition without documents', () => {
    expect(releaseOf('competition.published', T0, 'e-pub').tender.documents).toBeUndefined();
  });
});

describe('bid documents in releases', () => {
  const technical: BidDocumentRef = {
    id: 'BDOC-TECH',
    envelope: 'technical',
    title: 'Техническое предложение',
    fileName: 'tech-proposal.pdf',
    sha256: 'cd'.repeat(32),
    size: 2048,
    contentType: 'application/pdf',
  };
  const security: BidDocumentRef = { ...technical, id: 'BDOC-SEC', envelope: 'security', title: 'Банковская гарантия', fileName: 'guarantee.pdf', sha256: 'ef'.repeat(32) };
  const withDocuments = [{ ...bids[0]!, receiptId: 'R-A', documents: [technical, security] }, bids[1]!];

  it("lists each opened bid's documents with type, envelope, format and SHA-256, valid against the OCDS Document", () => {
    // Act
    const release = releaseOf('competition.bids-opened', T_OPEN, 'e-open', {}, { bids: withDocuments });

    // Assess
    const detail = release.bids!.details.find((d) => d.id === 'R-A')!;
    expect(detail.documents).toEqual([
      { id: 'BDOC-TECH', documentType: 'submissionDocuments', title: 'Техническое предложение', format: 'application/pdf', envelope: 'technical', hash: `sha256:${'cd'.repeat(32)}` },
      { id: 'BDOC-SEC', documentType: 'contractGuarantees', title: 'Банковская гарантия', format: 'application/pdf', envelope: 'security', hash: `sha256:${'ef'.repeat(32)}` },
    ]);
    expect(release.bids!.details.find((d) => d.id !== 'R-A')).not.toHaveProperty('documents');
    expect(ocdsErrors('release', release)).toEqual([]);
    for (const document of detail.documents!) expect(ocdsDefinitionErrors('Document', document), document.id).toEqual([]);
  });

  it('is caught by the Document definition when a bid document breaks it (the check is not toothless)', () => {
    // Act
    const errors = ocdsDefinitionErrors('Document', { id: 'BDOC-TECH', documentType: 'submissionDocuments', url: 'not a uri', datePublished: 'yesterday' });

    // Assess
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the signature document beside the files of a signed bid', () => {
    // Prepare
    const signer: Signer = { commonName: 'ИВАНОВ ИВАН', certificateSerial: '0A1B', issuer: 'CN=НУЦ РК, C=KZ', bin: BIDDER_A, signedAt: T_OPEN, signatureSha256: '12'.repeat(32) };
    // Act
    const release = releaseOf('competition.bids-opened', T_OPEN, 'e-open', {}, { bids: [{ ...withDocuments[0]!, signer }] });

    // Assess
    expect(release.bids!.details[0]!.documents!.map((d) => d.documentType)).toEqual(['submissionDocuments', 'contractGuarantees', 'signature']);
  });

  it('leaks nothing of a sealed bid: no document id, title, file name or hash before the opening, whatever it is given', () => {
    // Act
    const sealed = [
      releaseOf('competition.published', T0, 'e-pub', {}, { bids: withDocuments }),
      releaseOf('competition.amended', T_AMEND, 'e-amend', { version: 2 }, { bids: withDocuments }),
      releaseOf('competition.cancelled', T_AMEND, 'e-cancel', { reason: 'noNeed' }, { bids: withDocuments }),
    ];

    // Assess
    for (const release of sealed) {
      const text = JSON.stringify(release);
      expect(release).not.toHaveProperty('bids');
      for (const leak of [technical.id, security.id, technical.title, security.title, technical.fileName, technical.sha256, security.sha256, 'R-A']) {
        expect(text).not.toContain(leak);
      }
    }
  });
});

describe('evaluation, awards and complaints in releases', () => {
  const BIDDER_C = '970240000111';
  const T_TENDER_COMPLAINT = '2026-03-05T10:00:00.000Z';
  const T_TENDER_DECIDED = '2026-03-06T10:00:00.000Z';
  const T_Q1 = '2026-03-12T10:00:00.000Z';
  const T_Q2 = '2026-03-12T11:00:00.000Z';
  const T_Q3 = '2026-03-13T09:00:00.000Z';
  const T_COMPLAINT = '2026-03-14T09:00:00.000Z';
  const T_DECIDED = '2026-03-16T09:00:00.000Z';
  const T_AWARD2 = '2026-03-17T09:00:00.000Z';
  const STANDSTILL = { startDate: T_AWARD, endDate: '2026-03-18T12:00:00.000Z' };
  const STANDSTILL2 = { startDate: T_AWARD2, endDate: '2026-03-20T09:00:00.000Z' };
  const actor = { system: 'test' } as const;

  const ev = <T extends EventTypeOf<'competition'>>(type: T, eventId: string, at: string, data: EventPayloads[T]) =>
    makeEvent<EventTypeOf<'competition'>>(type, { eventId, at, actor, subject: { kind: 'competition', id: v1.id }, data } as never);

  const tenderComplaint = ev('complaint.filed', 'e-tc', T_TENDER_COMPLAINT, {
    complaintId: 'CMP-T',
    subject: 'tender',
    title: 'Завышенные требования к опыту',
    text: 'Требование опыта 10 лет ограничивает конкуренцию',
    authorBin: BIDDER_C,
    authorName: 'ТОО «Третий»',
    kato: v1.kato,
    reviewDueAt: '2026-03-10T10:00:00.000Z',
  });
  const tenderDecided = ev('complaint.decided', 'e-tcd', T_TENDER_DECIDED, {
    complaintId: 'CMP-T',
    kato: v1.kato,
    subject: 'tender',
    resolution: 'declined',
    text: 'Требование соответствует Правилам',
    title: 'Завышенные требования к опыту',
  });
  const opened = ev('competition.bids-opened', 'e-open', T_OPEN, {});
  // B is disqualified, A qualified; then B's decision is revised to disqualified again with another reason, A stays.
  const q1 = ev('bid.qualification-decided', 'e-q1', T_Q1, { bin: BIDDER_B, decision: 'qualified', reasons: [] });
  const q2 = ev('bid.qualification-decided', 'e-q2', T_Q2, { bin: BIDDER_A, decision: 'qualified', reasons: [] });
  const q3 = ev('bid.qualification-decided', 'e-q3', T_Q3, { bin: BIDDER_B, decision: 'disqualified', reasons: [{ code: 'documentsMissing', text: 'Нет лицензии' }] });
  const awarded = ev('competition.awarded', 'e-award', T_AWARD, {
    bin: BIDDER_A,
    price: '1200000000.75',
    awardId: '1',
    complaintPeriod: STANDSTILL,
    protocol: { id: 'PROT-1', sha256: '77'.repeat(32) },
  });
  const complaint = ev('complaint.filed', 'e-c', T_COMPLAINT, {
    complaintId: 'CMP-A',
    subject: 'award',
    title: 'Неправомерная дисквалификация',
    text: 'Лицензия была приложена в квалификационном конверте',
    authorBin: BIDDER_B,
    authorName: 'ТОО «СтройТепло»',
    kato: v1.kato,
    reviewDueAt: '2026-03-19T09:00:00.000Z',
    awardId: '1',
  });
  const decided = ev('complaint.decided', 'e-cd', T_DECIDED, {
    complaintId: 'CMP-A',
    kato: v1.kato,
    subject: 'award',
    resolution: 'satisfied',
    text: 'Жалоба удовлетворена: рассмотрение возобновить',
    title: 'Неправомерная дисквалификация',
    awardId: '1',
  });
  const cancelled = ev('competition.award-cancelled', 'e-cancel-award', T_DECIDED, { awardId: '1', bin: BIDDER_A, complaintId: 'CMP-A' });
  const awarded2 = ev('competition.awarded', 'e-award2', T_AWARD2, {
    bin: BIDDER_A,
    price: '1200000000.75',
    awardId: '2',
    complaintPeriod: STANDSTILL2,
    protocol: { id: 'PROT-2', sha256: '88'.repeat(32) },
  });
  const history = [tenderComplaint, tenderDecided, opened, q1, q2, q3, awarded, complaint, decided, cancelled, awarded2];

  const current: Competition = {
    ...v2,
    status: 'active.awarded',
    bidsOpenedAt: T_OPEN,
    award: { id: '2', bin: BIDDER_A, price: '1200000000.75', at: T_AWARD2, status: 'active', complaintPeriod: STANDSTILL2 },
    cancelledAwards: [{ id: '1', bin: BIDDER_A, price: '1200000000.75', at: T_AWARD, status: 'cancelled', complaintPeriod: STANDSTILL }],
  };

  /** The release of one of `history`'s events, built as the writer builds it (current = after the second award). */
  const at = (e: (typeof history)[number]): OcdsRelease => {
    if (!isOcds(e.type)) throw new Error(`${e.type} publishes nothing`);
    return buildRelease({
      ocidPrefix: PREFIX,
      event: {
        eventId: e.eventId,
        type: e.type,
        at: e.at,
        ...(e.type === 'complaint.filed' || e.type === 'complaint.decided' ? { complaintSubject: e.data.subject } : {}),
      },
      competition: competitionAtEvent(e as CompetitionEventFacts, [v1, v2], current, history),
      project,
      publications,
      bids,
      apiBaseUrl: 'https://api.konkurs.kz',
      evaluation: evaluationFactsAt(history, e.at),
    });
  };
  const isOcds = (type: string): type is OcdsEventType => Object.hasOwn(OCDS_RELEASE_EVENTS, type);
  const statistics = (r: OcdsRelease) => Object.fromEntries(r.bids!.statistics.map((s) => [s.measure, s.value]));
  const statusOf = (r: OcdsRelease, bin: string) => r.bids!.details.find((d) => d.tenderers[0]!.id === `KZ-BIN-${bin}`)!.status;

  it('replays the decisions standing at an instant: the latest per bid, none after it', () => {
    // Act
    const beforeRevision = evaluationFactsAt(history, T_Q2);
    const atAward = evaluationFactsAt(history, T_AWARD);

    // Assess
    expect([...beforeRevision.qualifications]).toEqual([[BIDDER_B, 'qualified'], [BIDDER_A, 'qualified']]);
    expect(atAward.qualifications.get(BIDDER_B)).toBe('disqualified');
    expect(evaluationFactsAt(history, T_OPEN).qualifications.size).toBe(0);
    expect(evaluationFactsAt([...history].reverse(), T_AWARD)).toEqual(atAward);
  });

  it('shows every bid valid at the opening, with the bid statistics', () => {
    // Act
    const release = at(opened);

    // Assess
    expect(release.bids!.details.map((d) => d.status)).toEqual(['valid', 'valid']);
    expect(release.bids!.statistics).toEqual([
      { id: 'bids', measure: 'bids', value: 2, date: T_OPEN },
      { id: 'electronicBids', measure: 'electronicBids', value: 2, date: T_OPEN },
      { id: 'validBids', measure: 'validBids', value: 2, date: T_OPEN },
      { id: 'qualifiedBidders', measure: 'qualifiedBidders', value: 0, date: T_OPEN },
      { id: 'disqualifiedBidders', measure: 'disqualifiedBidders', value: 0, date: T_OPEN },
    ]);
    expect(release.awards).toBeUndefined();
    expect(ocdsErrors('release', release)).toEqual([]);
  });

  it('publishes the award with the decisions as they stood then: the disqualified bid, the statistics, the standstill and the protocol', () => {
    // Act
    const release = at(awarded);

    // Assess
    expect(release.tag).toEqual(['award']);
    expect(statusOf(release, BIDDER_B)).toBe('disqualified');
    expect(statusOf(release, BIDDER_A)).toBe('valid');
    expect(statistics(release)).toEqual({ bids: 2, electronicBids: 2, validBids: 1, qualifiedBidders: 1, disqualifiedBidders: 1 });
    expect(release.awards).toEqual([
      {
        id: `${v1.id}-award-1`,
        status: 'active',
        date: T_AWARD,
        value: { amount: 1_200_000_000.75, currency: 'KZT' },
        suppliers: [{ id: `KZ-BIN-${BIDDER_A}`, name: 'ТОО «Жылу Құрылыс»' }],
        complaintPeriod: STANDSTILL,
      },
    ]);
    expect(release.tender.documents).toContainEqual({
      id: 'PROT-1',
      documentType: 'evaluationReports',
      title: 'Протокол итогов / Қорытындылар хаттамасы',
      url: `https://api.konkurs.kz/competitions/${v1.id}/documents/PROT-1/content?version=1`,
      datePublished: T_AWARD,
      dateModified: T_AWARD,
      format: 'application/pdf',
      hash: `sha256:${'77'.repeat(32)}`,
    });
    expect(ocdsErrors('release', release)).toEqual([]);
  });

  it('publishes an award complaint on its award, with its author organisation and no contact, as an awardUpdate', () => {
    // Act
    const release = at(complaint);

    // Assess
    expect(release.tag).toEqual(['awardUpdate']);
    expect(release.tender.status).toBe('active');
    expect(release.awards).toHaveLength(1);
    expect(release.awards![0]!.complaints).toEqual([
      {
        id: 'CMP-A',
        type: 'complaint',
        title: 'Неправомерная дисквалификация',
        description: 'Лицензия была приложена в квалификационном конверте',
        status: 'pending',
        author: { id: `KZ-BIN-${BIDDER_B}`, name: 'ТОО «СтройТепло»' },
        date: T_COMPLAINT,
        dateSubmitted: T_COMPLAINT,
      },
    ]);
    expect(release.parties.find((p) => p.id === `KZ-BIN-${BIDDER_B}`)!.roles).toEqual(['tenderer']);
    expect(JSON.stringify(release)).not.toMatch(/contactPoint|email/);
    expect(ocdsErrors('release', release)).toEqual([]);
  });

  it('publishes the decision and the cancelled award; a new award stands beside the cancelled one, each with its protocol', () => {
    // Act
    const decidedRelease = at(decided);
    const cancellation = at(cancelled);
    const second = at(awarded2);

    // Assess
    for (const release of [decidedRelease, cancellation]) {
      expect(release.awards!.map((a) => a.status)).toEqual(['cancelled']);
      expect(release.awards![0]!.complaints![0]).toMatchObject({ status: 'satisfied', dateDecision: T_DECIDED, decision: 'Жалоба удовлетворена: рассмотрение возобновить' });
      expect(ocdsErrors('release', release)).toEqual([]);
    }
    expect(decidedRelease.tag).toEqual(['awardUpdate']);
    expect(cancellation.tag).toEqual(['awardCancellation']);
    expect(cancellation.tender.status).toBe('active');
    expect(second.awards!.map((a) => [a.id, a.status, a.complaintPeriod])).toEqual([
      [`${v1.id}-award-1`, 'cancelled', STANDSTILL],
      [`${v1.id}-award-2`, 'active', STANDSTILL2],
    ]);
    expect(second.awards![1]).not.toHaveProperty('complaints');
    expect(second.tender.documents!.filter((d) => d.documentType === 'evaluationReports').map((d) => d.id)).toEqual(['PROT-1', 'PROT-2']);
    expect(ocdsErrors('release', second)).toEqual([]);
  });

  it('publishes a tender complaint before the opening on the tender, its author an interested party, and no bid', () => {
    // Act
    const filed = at(tenderComplaint);
    const declined = at(tenderDecided);

    // Assess
    expect(filed.tag).toEqual(['tenderUpdate']);
    expect(filed.tender.status).toBe('active');
    expect(filed).not.toHaveProperty('bids');
    expect(filed.tender.numberOfTenderers).toBeUndefined();
    expect(JSON.stringify(filed)).not.toContain(BIDDER_A);
    expect(filed.tender.complaints).toEqual([expect.objectContaining({ id: 'CMP-T', status: 'pending', author: { id: `KZ-BIN-${BIDDER_C}`, name: 'ТОО «Третий»' } })]);
    expect(filed.parties.find((p) => p.id === `KZ-BIN-${BIDDER_C}`)!.roles).toEqual(['interestedParty']);
    expect(declined.tender.complaints![0]).toMatchObject({ status: 'declined', dateDecision: T_TENDER_DECIDED, decision: 'Требование соответствует Правилам' });
    for (const release of [filed, declined]) expect(ocdsErrors('release', release)).toEqual([]);
  });

  it('shows every bid disqualified when the competition ends unsuccessful for it, with no award', () => {
    // Prepare: both bids disqualified; the last decision and the end share their instant.
    const dq = (bin: string, id: string) => ev('bid.qualification-decided', id, T_Q2, { bin, decision: 'disqualified', reasons: [{ code: 'other', text: 'x' }] });
    const end = ev('competition.unsuccessful', 'e-end', T_Q2, { reason: 'allDisqualified' });
    const ended = [opened, dq(BIDDER_A, 'e-dqa'), dq(BIDDER_B, 'e-dqb'), end];

    // Act
    const release = buildRelease({
      ocidPrefix: PREFIX,
      event: { eventId: end.eventId, type: 'competition.unsuccessful', at: T_Q2 },
      competition: competitionAtEvent(end as CompetitionEventFacts, [v1, v2], { ...v2, status: 'unsuccessful', bidsOpenedAt: T_OPEN }, ended),
      project,
      publications,
      bids,
      evaluation: evaluationFactsAt(ended, T_Q2),
    });

    // Assess
    expect(release.tender.status).toBe('unsuccessful');
    expect(release.bids!.details.map((d) => d.status)).toEqual(['disqualified', 'disqualified']);
    expect(statistics(release)).toMatchObject({ bids: 2, validBids: 0, disqualifiedBidders: 2 });
    expect(release).not.toHaveProperty('awards');
    expect(ocdsErrors('release', release)).toEqual([]);
  });

  it("keeps to the bid extension's Statistic and Bid (required fields, the bidStatus codes, the bidStatistics codes)", () => {
    // Prepare: the constraints of the extension's release schema (v1.1.5) on what Konkurs publishes, and its codelists.
    const BID_STATUS = ['invited', 'pending', 'valid', 'disqualified', 'withdrawn'];
    const BID_STATISTICS = ['requests', 'bids', 'validBids', 'bidders', 'qualifiedBidders', 'disqualifiedBidders', 'electronicBids', 'smeBids', 'foreignBids', 'foreignBidsFromEU', 'tendersAbnormallyLow'];
    const problems = (release: OcdsRelease): string[] => [
      ...release.bids!.statistics.flatMap((m) => [
        ...(typeof m.id === 'string' && typeof m.value === 'number' && Number.isInteger(m.value) ? [] : [`statistic ${m.id}: id and integer value required`]),
        ...(BID_STATISTICS.includes(m.measure) ? [] : [`measure ${m.measure} not in bidStatistics`]),
        ...(Number.isNaN(Date.parse(m.date)) ? [`statistic ${m.id}: date`] : []),
      ]),
      ...release.bids!.details.flatMap((d) => (typeof d.id === 'string' && BID_STATUS.includes(d.status) ? [] : [`bid ${d.id}: status ${d.status}`])),
      ...(new Set(release.bids!.statistics.map((m) => m.id)).size === release.bids!.statistics.length ? [] : ['statistic ids not unique']),
    ];

    // Act + Assess
    for (const e of [opened, awarded, complaint, cancelled, awarded2]) expect(problems(at(e)), e.type).toEqual([]);
    expect(problems({ ...at(awarded), bids: { statistics: [{ id: 'x', measure: 'disqualifiedBids', value: 1.5, date: 'soon' }], details: [{ id: 'b', status: 'rejected' }] } } as unknown as OcdsRelease)).toHaveLength(4);
  });

  it('compiles the history into a record whose awards and complaints carry their latest state, valid against the record package schema', () => {
    // Prepare
    const releases = history.filter((e) => isOcds(e.type)).map(at);

    // Act
    const compiled = compileReleases(releases);
    const recordPackage = {
      ...releasePackage(releases),
      releases: undefined,
      links: undefined,
      packages: [`https://api.konkurs.kz/ocds/releases/${compiled.ocid}`],
      records: [{ ocid: compiled.ocid, releases: releases.map((r) => ({ url: `https://x.kz/r#${r.id}`, date: r.date, tag: r.tag })), compiledRelease: compiled }],
    };

    // Assess
    expect(compiled.awards!.map((a) => a.status)).toEqual(['cancelled', 'active']);
    expect(compiled.awards![0]!.complaints![0]!.status).toBe('satisfied');
    expect(compiled.tender.complaints![0]!.status).toBe('declined');
    expect(compiled.bids!.details.map((d) => d.status)).toEqual(['disqualified', 'valid']);
    expect(ocdsErrors('releasePackage', JSON.parse(JSON.stringify(releasePackage(releases))))).toEqual([]);
    expect(ocdsErrors('recordPackage', JSON.parse(JSON.stringify(recordPackage)))).toEqual([]);
  });
});
