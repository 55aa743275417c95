/**
 * Competitions as Open Contracting Data Standard 1.1 releases: which events publish a release, the tag and
 * `tender.status` of each (the competition lifecycle table of the domain notes), the parties (akimat, funders,
 * tenderers, supplier), the amounts and the tender documents. Pure: the OCDS writer gathers the facts, this module
 * turns them into a release that validates against the official release schema: core fields, the bid extension, plus
 * local extension fields: `hash` of tender and bid documents, `envelope` of bid documents (docs/open-data.md).
 *
 * Sealed bids stay sealed: a release built for an event before the bids were opened carries no bid, bidder or
 * number of tenderers, whatever it is given.
 *
 * @module
 */
import type { CancellationReason, Competition, CompetitionStatus } from './competition.js';
import type { Contract, Milestone, MilestoneType } from './contract.js';
import type { BidDocumentRef, BidEnvelope, TenderDocumentType } from './documents.js';
import type { EventCore, EventType } from './events.js';
import { formatMoneyString, parseMoney } from './money.js';
import type { FinancingRoute, Project } from './project.js';
import type { Signer } from './signing.js';

/** The closed OCDS `releaseTag` codes Konkurs publishes. */
export type ReleaseTag = 'tender' | 'tenderAmendment' | 'tenderUpdate' | 'tenderCancellation' | 'award' | 'contract' | 'contractAmendment' | 'implementation' | 'contractTermination';

/** The closed OCDS `tenderStatus` codes Konkurs publishes. */
export type TenderStatus = 'active' | 'complete' | 'unsuccessful' | 'cancelled';

/**
 * The domain table "Competition lifecycle (after Prozorro, mapped to OCDS)": the `tender.status` of each competition
 * status and the release tags a change into it carries. Drafts are private: no status, no release.
 */
export const OCDS_LIFECYCLE: Readonly<Record<CompetitionStatus, { readonly tenderStatus?: TenderStatus; readonly tags: readonly ReleaseTag[] }>> = {
  draft: { tags: [] },
  'active.clarification': { tenderStatus: 'active', tags: ['tender', 'tenderAmendment'] },
  'active.tendering': { tenderStatus: 'active', tags: ['tenderUpdate'] },
  'active.evaluation': { tenderStatus: 'active', tags: ['tenderUpdate'] },
  'active.awarded': { tenderStatus: 'active', tags: ['award'] },
  complete: { tenderStatus: 'complete', tags: ['contract'] },
  unsuccessful: { tenderStatus: 'unsuccessful', tags: ['tenderUpdate'] },
  cancelled: { tenderStatus: 'cancelled', tags: ['tenderCancellation'] },
};

/** `tender.status` of a competition status; undefined for drafts, which are never published. */
export const tenderStatusOf = (status: CompetitionStatus): TenderStatus | undefined => OCDS_LIFECYCLE[status].tenderStatus;

/**
 * The events that change public data, each publishing one release: its tag and, for ordering releases that share a
 * date (opening and "unsuccessful" happen in the same instant), its place in the lifecycle.
 */
export const OCDS_RELEASE_EVENTS = {
  'competition.published': { tag: 'tender', rank: 0 },
  'competition.amended': { tag: 'tenderAmendment', rank: 1 },
  'competition.bids-opened': { tag: 'tenderUpdate', rank: 2 },
  'competition.unsuccessful': { tag: 'tenderUpdate', rank: 3 },
  'competition.awarded': { tag: 'award', rank: 3 },
  'competition.cancelled': { tag: 'tenderCancellation', rank: 4 },
} as const satisfies Partial<Record<EventType, { tag: ReleaseTag; rank: number }>>;

export type OcdsEventType = keyof typeof OCDS_RELEASE_EVENTS;

export const isOcdsEventType = (type: string): type is OcdsEventType => Object.hasOwn(OCDS_RELEASE_EVENTS, type);

/** Whether an event publishes a release (narrows it to the events {@link competitionAtEvent} reads). */
export const isOcdsEvent = <E extends { readonly type: EventType }>(event: E): event is E & { readonly type: OcdsEventType } => isOcdsEventType(event.type);

/** Events after which the bids are open: only their releases may name tenderers. */
const AFTER_OPENING: ReadonlySet<OcdsEventType> = new Set(['competition.bids-opened', 'competition.unsuccessful', 'competition.awarded']);

export const isAfterOpening = (type: OcdsEventType): boolean => AFTER_OPENING.has(type);

/** `<prefix>-<competition id>`: the prefix is the publisher's registered ocid prefix. */
export const ocidOf = (prefix: string, competitionId: string): string => `${prefix}-${competitionId}`;

/** The competition id inside an ocid of this prefix, or undefined when the ocid is not ours. */
export const competitionIdOf = (prefix: string, ocid: string): string | undefined =>
  ocid.startsWith(`${prefix}-`) && ocid.length > prefix.length + 1 ? ocid.slice(prefix.length + 1) : undefined;

/** One release per (contracting process, event): a redelivered event rebuilds the same id. */
export const releaseIdOf = (ocid: string, eventId: string): string => `${ocid}-${eventId}`;

/**
 * A tenge amount (decimal string) as the JSON number OCDS requires: the double nearest to the decimal, which
 * round-trips to the tiyn (`toFixed(2)` gives the string back) for every amount below 2^46 tenge (≈ 70 trillion,
 * some 70 times the whole programme); above that the nearest double is the best a JSON number can say.
 *
 * @throws RangeError when `s` is not a tenge amount
 */
export const ocdsAmount = (s: string): number => Number(formatMoneyString(parseMoney(s)));

export interface OcdsValue {
  readonly amount: number;
  readonly currency: 'KZT';
}

const kzt = (s: string): OcdsValue => ({ amount: ocdsAmount(s), currency: 'KZT' });

export interface OcdsIdentifier {
  readonly scheme: 'KZ-BIN';
  readonly id: string;
  readonly legalName?: string;
}

export interface OcdsOrganization {
  readonly id: string;
  readonly name: string;
  readonly name_kk?: string;
  readonly name_en?: string;
  readonly identifier?: OcdsIdentifier;
  readonly address?: { readonly region?: string; readonly countryName?: string; readonly countryName_kk?: string; readonly countryName_en?: string };
  readonly roles: readonly string[];
}

export interface OcdsOrganizationReference {
  readonly id: string;
  readonly name: string;
}

export interface OcdsPeriod {
  readonly startDate: string;
  readonly endDate: string;
}

export interface OcdsAmendment {
  readonly id: string;
  readonly date: string;
  readonly description: string;
  readonly amendsReleaseID: string;
  readonly releaseID: string;
}

export interface OcdsTender {
  readonly id: string;
  readonly title: string;
  readonly title_kk?: string;
  readonly title_en?: string;
  readonly description?: string;
  readonly status: TenderStatus;
  readonly procuringEntity: OcdsOrganizationReference;
  readonly value: OcdsValue;
  readonly procurementMethod: 'open';
  readonly mainProcurementCategory: 'works';
  readonly submissionMethod: readonly ['electronicSubmission'];
  readonly tenderPeriod?: OcdsPeriod;
  readonly enquiryPeriod?: OcdsPeriod;
  readonly amendments?: readonly OcdsAmendment[];
  readonly numberOfTenderers?: number;
  readonly tenderers?: readonly OcdsOrganizationReference[];
  readonly documents?: readonly OcdsDocument[];
}

/**
 * An OCDS document. `hash` is Konkurs' local extension (docs/open-data.md): `sha256:<hex>` of the file's bytes, as the
 * server verified them, so a reader can check what it downloaded.
 */
export interface OcdsDocument {
  readonly id: string;
  readonly documentType: string;
  readonly title: string;
  readonly url?: string;
  readonly datePublished: string;
  readonly dateModified: string;
  readonly format: string;
  readonly language?: string;
  readonly hash: string;
}

/**
 * Konkurs' tender document types as OCDS `documentType` codes: the same code where the documentType codelist has
 * one; `projectDesign` (ПСД) and `other` stay as they are (the codelist is open).
 */
export const OCDS_DOCUMENT_TYPES: Readonly<Record<TenderDocumentType, string>> = {
  tenderNotice: 'tenderNotice',
  technicalSpecifications: 'technicalSpecifications',
  projectDesign: 'projectDesign',
  billOfQuantity: 'billOfQuantity',
  contractDraft: 'contractDraft',
  clarifications: 'clarifications',
  evaluationReports: 'evaluationReports',
  other: 'other',
};

const ocdsDocumentsOf = (c: Competition, apiBaseUrl: string | undefined): OcdsDocument[] =>
  (c.documents ?? []).map((d) => ({
    id: d.id,
    documentType: OCDS_DOCUMENT_TYPES[d.documentType],
    title: d.title,
    ...(apiBaseUrl ? { url: `${apiBaseUrl.replace(/\/+$/, '')}/competitions/${encodeURIComponent(c.id)}/documents/${encodeURIComponent(d.id)}/content?version=${d.version}` } : {}),
    datePublished: d.datePublished,
    dateModified: d.dateModified,
    format: d.contentType,
    ...(d.language ? { language: d.language } : {}),
    hash: `sha256:${d.sha256}`,
  }));

export interface OcdsAward {
  readonly id: string;
  readonly status: 'active';
  readonly date: string;
  readonly value: OcdsValue;
  readonly suppliers: readonly OcdsOrganizationReference[];
  /** The standstill, as openprocurement's award `complaintPeriod` (an extension field; OCDS allows extra fields). */
  readonly complaintPeriod?: { readonly startDate: string; readonly endDate: string };
}

export interface OcdsRelease {
  readonly ocid: string;
  readonly id: string;
  readonly date: string;
  readonly tag: readonly ReleaseTag[] | readonly ['compiled'];
  readonly initiationType: 'tender';
  readonly language: 'ru';
  readonly parties: readonly OcdsOrganization[];
  readonly buyer: OcdsOrganizationReference;
  readonly planning: {
    readonly budget: {
      readonly id: string;
      readonly description: string;
      readonly amount: OcdsValue;
      readonly project: string;
      readonly projectID: string;
      readonly uri?: string;
    };
  };
  readonly tender: OcdsTender;
  readonly awards?: readonly OcdsAward[];
  /** Issue 14: the signed contract, its milestones and its implementation (payments as transactions). */
  readonly contracts?: readonly OcdsContract[];
  /** After opening: the bids that count (bid extension). */
  readonly bids?: { readonly details: readonly OcdsBidDetail[] };
}

/** A publication or amendment of the competition, from its outbox event. */
export interface PublicationFact {
  readonly eventId: string;
  readonly type: 'competition.published' | 'competition.amended';
  readonly at: string;
  /** 1 for the publication. */
  readonly version: number;
  /** The competition fields the amendment changed. */
  readonly fields: readonly string[];
  readonly bidsInvalidated: boolean;
}

/** A bid that counts at opening, with its bidder's registered name, its documents and, when signed, its signer. */
export interface OpenedBid {
  readonly bin: string;
  readonly name?: string;
  readonly receiptId?: string;
  readonly submittedAt?: string;
  readonly signer?: Signer;
  /** The documents the bid carries, as stored on the bid item. */
  readonly documents?: readonly BidDocumentRef[];
}

/** The OCDS bid statistics and bid details extension, which defines `bids.details[]`. */
export const OCDS_BID_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

/**
 * A document of a bid: a file of one of its envelopes, or the signature. `hash` is the local extension field of
 * `OcdsDocument`; `envelope` is a Konkurs field naming the envelope a file was submitted in.
 */
export interface OcdsBidDocument {
  readonly id: string;
  readonly documentType: string;
  readonly title: string;
  readonly description?: string;
  readonly format?: string;
  readonly datePublished?: string;
  readonly envelope?: BidEnvelope;
  readonly hash?: string;
}

/**
 * Bid envelopes as OCDS `documentType` codes: the technical and financial proposals are the codelist's bid submission
 * documents, the qualification envelope is information on the bidder, the bid security a guarantee. Two envelopes
 * share a code, so `envelope` keeps them apart.
 */
export const OCDS_BID_DOCUMENT_TYPES: Readonly<Record<BidEnvelope, string>> = {
  technical: 'submissionDocuments',
  qualification: 'bidders',
  financial: 'submissionDocuments',
  security: 'contractGuarantees',
};

/** No `url`: bid files have no public download; the buyer holds them (docs/open-data.md). */
const ocdsBidDocumentOf = (d: BidDocumentRef): OcdsBidDocument => ({
  id: d.id,
  documentType: OCDS_BID_DOCUMENT_TYPES[d.envelope],
  title: d.title,
  format: d.contentType,
  envelope: d.envelope,
  hash: `sha256:${d.sha256}`,
});

/** A bid of `bids.details[]` (bid extension); `signer` is a Konkurs field naming who signed it. */
export interface OcdsBidDetail {
  readonly id: string;
  readonly date?: string;
  readonly status: 'valid';
  readonly tenderers: readonly OcdsOrganizationReference[];
  readonly signer?: { readonly name: string; readonly certificateSerial: string; readonly issuer: string; readonly signatureSha256: string };
  readonly documents?: readonly OcdsBidDocument[];
}

const signatureDocumentOf = (bid: OpenedBid, signer: Signer): OcdsBidDocument => ({
  id: `${bid.receiptId ?? bid.bin}-signature`,
  documentType: 'signature',
  title: 'Электронная цифровая подпись заявки (CMS)',
  description: `Подписал: ${signer.commonName}; сертификат ${signer.certificateSerial}, издатель ${signer.issuer}; SHA-256 подписи ${signer.signatureSha256}`,
  format: 'application/pkcs7-signature',
  datePublished: signer.signedAt,
});

const bidDetailOf = (bid: OpenedBid, tenderer: OcdsOrganizationReference): OcdsBidDetail => {
  const documents = [...(bid.documents ?? []).map(ocdsBidDocumentOf), ...(bid.signer ? [signatureDocumentOf(bid, bid.signer)] : [])];
  return {
    id: bid.receiptId ?? `bid-${bid.bin}`,
    ...(bid.submittedAt ? { date: bid.submittedAt } : {}),
    status: 'valid',
    tenderers: [tenderer],
    ...(bid.signer
      ? {
          signer: {
            name: bid.signer.commonName,
            certificateSerial: bid.signer.certificateSerial,
            issuer: bid.signer.issuer,
            signatureSha256: bid.signer.signatureSha256,
          },
        }
      : {}),
    ...(documents.length > 0 ? { documents } : {}),
  };
};

export interface ReleaseInput {
  readonly ocidPrefix: string;
  /** The event the release publishes. */
  readonly event: { readonly eventId: string; readonly type: OcdsEventType; readonly at: string };
  /** The competition as it was right after the event (see `competitionAtEvent`). */
  readonly competition: Competition;
  readonly project: Project;
  /** Publication and amendments up to and including the event, in any order. */
  readonly publications: readonly PublicationFact[];
  /** Valid bids at opening. Ignored for events before opening. */
  readonly bids?: readonly OpenedBid[];
  /** Base URL of the public API, for `planning.budget.uri`. */
  readonly apiBaseUrl?: string;
}

const COUNTRY = { countryName: 'Казахстан', countryName_kk: 'Қазақстан', countryName_en: 'Kazakhstan' } as const;

const binPartyId = (bin: string): string => `KZ-BIN-${bin}`;

/** The financing route's funders: the Baiterek holding reviews and its subsidiaries lend; budget money is the ministry's. */
const FUNDERS: Readonly<Record<FinancingRoute, readonly Omit<OcdsOrganization, 'roles'>[]>> = {
  'development-bank': [
    { id: 'funder-baiterek', name: 'АО «Национальный управляющий холдинг «Байтерек»', name_kk: '«Бәйтерек» ұлттық басқарушы холдингі» АҚ', name_en: 'Baiterek National Managing Holding JSC' },
    { id: 'funder-dbk', name: 'АО «Банк Развития Казахстана»', name_kk: '«Қазақстанның Даму Банкі» АҚ', name_en: 'Development Bank of Kazakhstan JSC' },
  ],
  'housing-company': [
    { id: 'funder-baiterek', name: 'АО «Национальный управляющий холдинг «Байтерек»', name_kk: '«Бәйтерек» ұлттық басқарушы холдингі» АҚ', name_en: 'Baiterek National Managing Holding JSC' },
    { id: 'funder-khc', name: 'АО «Казахстанская жилищная компания»', name_kk: '«Қазақстан тұрғын үй компаниясы» АҚ', name_en: 'Kazakhstan Housing Company JSC' },
  ],
  budget: [
    { id: 'funder-ministry', name: 'Уполномоченное министерство (республиканский бюджет)', name_kk: 'Уәкілетті министрлік (республикалық бюджет)', name_en: 'Responsible ministry (republican budget)' },
  ],
};

const FINANCING_DESCRIPTION: Readonly<Record<FinancingRoute, string>> = {
  'development-bank': 'МЭКС: Банк Развития Казахстана и банки второго уровня (холдинг «Байтерек»)',
  'housing-company': 'МЭКС: выкуп ценных бумаг Казахстанской жилищной компанией (холдинг «Байтерек»)',
  budget: 'МЭКС: бюджетные и иные средства',
};

const FINANCING_STATUS: Readonly<Record<Project['financing']['status'], string>> = {
  approved: 'финансирование одобрено',
  'under-review': 'финансирование на рассмотрении',
  'not-requested': 'финансирование не запрашивалось',
};

/** The competition fields an amendment may change, as OCDS paths. */
const AMENDED_PATHS: Readonly<Record<string, string>> = {
  title: 'tender.title',
  description: 'tender.description',
  estimatedValue: 'tender.value',
  tenderPeriod: 'tender.tenderPeriod',
  documents: 'tender.documents',
};

const akimatParty = (project: Project): OcdsOrganization => {
  const { name, bin } = project.akimat;
  return {
    id: bin ? binPartyId(bin) : `KZ-KATO-${project.kato}-akimat`,
    name: name.ru,
    name_kk: name.kk,
    name_en: name.en,
    ...(bin ? { identifier: { scheme: 'KZ-BIN', id: bin, legalName: name.ru } } : {}),
    address: { region: project.kato, ...COUNTRY },
    roles: ['buyer', 'procuringEntity'],
  };
};

const bidderName = (bid: OpenedBid): string => bid.name ?? `БИН ${bid.bin}`;

const amendmentsOf = (input: ReleaseInput): OcdsAmendment[] => {
  const ocid = ocidOf(input.ocidPrefix, input.competition.id);
  const facts = [...input.publications].filter((p) => p.at <= input.event.at).sort((a, b) => a.version - b.version);
  const amendments: OcdsAmendment[] = [];
  for (let i = 1; i < facts.length; i += 1) {
    const previous = facts[i - 1]!;
    const fact = facts[i]!;
    const paths = fact.fields.map((f) => AMENDED_PATHS[f] ?? f);
    amendments.push({
      id: String(fact.version),
      date: fact.at,
      description: `Изменено: ${paths.join(', ')}${fact.bidsInvalidated ? '; поданные заявки должны быть подтверждены заново' : ''}`,
      amendsReleaseID: releaseIdOf(ocid, previous.eventId),
      releaseID: releaseIdOf(ocid, fact.eventId),
    });
  }
  return amendments;
};

/**
 * The OCDS release of one event of a published competition.
 *
 * @throws Error when the competition is a draft (drafts are never published)
 */
export const buildRelease = (input: ReleaseInput): OcdsRelease => {
  const { competition: c, project, event } = input;
  const status = tenderStatusOf(c.status);
  if (!status || !c.publishedAt) throw new Error(`competition ${c.id} is not published: no release`);
  const ocid = ocidOf(input.ocidPrefix, c.id);
  const akimat = akimatParty(project);
  const akimatRef = { id: akimat.id, name: akimat.name };
  const opened = isAfterOpening(event.type);
  const bids = opened ? [...(input.bids ?? [])].sort((a, b) => a.bin.localeCompare(b.bin)) : [];
  const winner = event.type === 'competition.awarded' ? c.award : undefined;
  const bidders: OcdsOrganization[] = bids.map((bid) => ({
    id: binPartyId(bid.bin),
    name: bidderName(bid),
    identifier: { scheme: 'KZ-BIN', id: bid.bin, legalName: bidderName(bid) },
    roles: winner?.bin === bid.bin ? ['tenderer', 'supplier'] : ['tenderer'],
  }));
  const supplier = winner ? bidders.find((b) => b.identifier?.id === winner.bin) : undefined;
  if (winner && !supplier) throw new Error(`competition ${c.id}: the winner ${winner.bin} is not among the opened bids`);
  const amendments = amendmentsOf(input);
  const budgetAmount = project.financing.amount ?? project.value;

  return {
    ocid,
    id: releaseIdOf(ocid, event.eventId),
    date: event.at,
    tag: [OCDS_RELEASE_EVENTS[event.type].tag],
    initiationType: 'tender',
    language: 'ru',
    parties: [akimat, ...FUNDERS[project.financing.route].map((f) => ({ ...f, roles: ['funder'] })), ...bidders],
    buyer: akimatRef,
    planning: {
      budget: {
        id: project.id,
        description: `${FINANCING_DESCRIPTION[project.financing.route]}; ${FINANCING_STATUS[project.financing.status]}`,
        amount: kzt(budgetAmount),
        project: project.title.ru,
        projectID: project.id,
        ...(input.apiBaseUrl ? { uri: `${input.apiBaseUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(project.id)}` } : {}),
      },
    },
    tender: {
      id: c.id,
      title: c.title.ru,
      ...(c.title.kk ? { title_kk: c.title.kk } : {}),
      ...(c.title.en ? { title_en: c.title.en } : {}),
      ...(c.description ? { description: c.description } : {}),
      status,
      procuringEntity: akimatRef,
      value: kzt(c.estimatedValue),
      procurementMethod: 'open',
      mainProcurementCategory: 'works',
      submissionMethod: ['electronicSubmission'],
      ...(c.tenderPeriod ? { tenderPeriod: { startDate: c.tenderPeriod.startDate, endDate: c.tenderPeriod.endDate } } : {}),
      ...(c.enquiryPeriod ? { enquiryPeriod: { startDate: c.enquiryPeriod.startDate, endDate: c.enquiryPeriod.endDate } } : {}),
      ...(amendments.length > 0 ? { amendments } : {}),
      ...(opened ? { numberOfTenderers: bids.length } : {}),
      ...(bidders.length > 0 ? { tenderers: bidders.map((b) => ({ id: b.id, name: b.name })) } : {}),
      ...(c.documents?.length ? { documents: ocdsDocumentsOf(c, input.apiBaseUrl) } : {}),
    },
    ...(bidders.length > 0 ? { bids: { details: bids.map((bid, i) => bidDetailOf(bid, { id: bidders[i]!.id, name: bidders[i]!.name })) } } : {}),
    ...(winner && supplier
      ? {
          awards: [
            {
              id: `${c.id}-award-${winner.id ?? '1'}`,
              status: 'active' as const,
              date: winner.at,
              value: kzt(winner.price),
              suppliers: [{ id: supplier.id, name: supplier.name }],
              ...(winner.complaintPeriod ? { complaintPeriod: winner.complaintPeriod } : {}),
            },
          ],
        }
      : {}),
  };
};

/** What `competitionAtEvent` needs of an outbox event. */
export type CompetitionEventFacts = { [K in OcdsEventType]: Pick<EventCore<K>, 'type' | 'at' | 'data'> }[OcdsEventType];

/**
 * The competition as it stood right after `event`, from its version snapshots and the event itself, so a late or
 * redelivered message publishes what happened then rather than what is true now: the snapshot of the event's
 * version for a publication or amendment, else the latest snapshot up to the event with the event's change applied.
 */
export const competitionAtEvent = (
  event: CompetitionEventFacts,
  versions: readonly Competition[],
  current: Competition,
): Competition => {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const wanted = event.type === 'competition.amended' ? event.data.version : event.type === 'competition.published' ? 1 : undefined;
  const base =
    (wanted !== undefined ? sorted.find((v) => v.version === wanted) : undefined) ??
    [...sorted].reverse().find((v) => v.updatedAt <= event.at) ??
    current;
  switch (event.type) {
    case 'competition.published':
    case 'competition.amended':
      return base;
    case 'competition.cancelled':
      return { ...base, status: 'cancelled', cancellation: { reason: event.data.reason, at: event.at }, updatedAt: event.at };
    case 'competition.bids-opened':
      return { ...base, status: 'active.evaluation', bidsOpenedAt: event.at, updatedAt: event.at };
    case 'competition.unsuccessful':
      return { ...base, status: 'unsuccessful', bidsOpenedAt: current.bidsOpenedAt ?? event.at, updatedAt: event.at };
    case 'competition.awarded':
      return {
        ...base,
        status: 'active.awarded',
        bidsOpenedAt: current.bidsOpenedAt ?? event.at,
        award: {
          bin: event.data.bin,
          price: event.data.price,
          at: event.at,
          ...(event.data.awardId ? { id: event.data.awardId } : {}),
          ...(event.data.complaintPeriod ? { complaintPeriod: event.data.complaintPeriod } : {}),
        },
        updatedAt: event.at,
      };
  }
};

/**
 * Orders releases of one contracting process as records and merging need them: by date, and releases of the same
 * instant by their place in the lifecycle (the opening before "unsuccessful").
 */
export const lifecycleRank = (release: Pick<OcdsRelease, 'tag' | 'tender'>): number => {
  const tag = release.tag[0];
  if (tag === 'tenderUpdate') return release.tender?.status === 'active' ? 2 : 3;
  return { tender: 0, tenderAmendment: 1, award: 3, contract: 4, tenderCancellation: 4, contractAmendment: 5, implementation: 5, contractTermination: 6, compiled: 7 }[tag as string] ?? 3;
};

export const compareReleases = (a: OcdsRelease, b: OcdsRelease): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : lifecycleRank(a) - lifecycleRank(b) || a.id.localeCompare(b.id);

// ——— Contracts and implementation (issue 14) ———

/** The contract events that publish a release, with their tag. */
export const OCDS_CONTRACT_EVENTS = {
  'contract.activated': { tag: 'contract' },
  'contract.amended': { tag: 'contractAmendment' },
  'contract.report-filed': { tag: 'implementation' },
  'contract.completed': { tag: 'contractTermination' },
  'contract.terminated': { tag: 'contractTermination' },
} as const satisfies Partial<Record<EventType, { tag: ReleaseTag }>>;

export type OcdsContractEventType = keyof typeof OCDS_CONTRACT_EVENTS;

export const isOcdsContractEventType = (type: string): type is OcdsContractEventType => Object.hasOwn(OCDS_CONTRACT_EVENTS, type);

export interface OcdsMilestone {
  readonly id: string;
  readonly title: string;
  /** OCDS' open milestone type codelist: works and commissioning are deliveries, payments financing. */
  readonly type: 'delivery' | 'financing';
  readonly code: MilestoneType;
  readonly dueDate: string;
  readonly status: 'scheduled' | 'met' | 'notMet';
  readonly dateMet?: string;
  readonly value?: OcdsValue;
}

export interface OcdsTransaction {
  readonly id: string;
  readonly source?: string;
  readonly date: string;
  readonly value: OcdsValue;
  readonly payer: OcdsOrganizationReference;
  readonly payee: OcdsOrganizationReference;
}

export interface OcdsContract {
  readonly id: string;
  readonly awardID: string;
  readonly title: string;
  /** OCDS' closed contract status codelist: a completed contract is `terminated` (it has come to a close). */
  readonly status: 'pending' | 'active' | 'cancelled' | 'terminated';
  readonly value: OcdsValue;
  readonly dateSigned?: string;
  readonly milestones?: readonly OcdsMilestone[];
  readonly amendments?: readonly { readonly id: string; readonly date: string; readonly rationale: string; readonly description?: string }[];
  readonly implementation?: { readonly transactions?: readonly OcdsTransaction[]; readonly milestones?: readonly OcdsMilestone[] };
}

const MILESTONE_OCDS_TYPE: Readonly<Record<MilestoneType, OcdsMilestone['type']>> = { design: 'delivery', works: 'delivery', commissioning: 'delivery', payment: 'financing' };

const ocdsMilestone = (m: Milestone, at: string): OcdsMilestone => {
  const met = m.metAt !== undefined && m.metAt <= at;
  return {
    id: m.id,
    title: m.title,
    type: MILESTONE_OCDS_TYPE[m.type],
    code: m.type,
    dueDate: m.dueDate,
    status: met ? 'met' : m.dueDate <= at ? 'notMet' : 'scheduled',
    ...(met ? { dateMet: m.metAt! } : {}),
    ...(m.value !== undefined ? { value: kzt(m.value) } : {}),
  };
};

/**
 * The contract as it stood at `at` (a late or redelivered job publishes what was true then): amendments and reports up
 * to `at`, the value and milestones before any later amendment, the status at that time.
 */
export const ocdsContractAt = (
  c: Contract,
  at: string,
  parties: { readonly buyer: OcdsOrganizationReference; readonly supplier: OcdsOrganizationReference },
): OcdsContract => {
  const later = (c.amendments ?? []).filter((a) => a.at > at);
  const value = later.find((a) => a.value)?.value?.before ?? c.value;
  const milestones = later.find((a) => a.milestones)?.milestones?.before ?? c.milestones;
  const amendments = (c.amendments ?? []).filter((a) => a.at <= at);
  const reports = (c.reports ?? []).filter((r) => r.at <= at);
  const closed = (c.completedAt && c.completedAt <= at) || (c.termination && c.termination.at <= at);
  const transactions = reports
    .filter((r) => r.paidAmount !== undefined)
    .map((r) => ({ id: r.id, date: r.at, value: kzt(r.paidAmount!), payer: parties.buyer, payee: parties.supplier }));
  const ms = milestones.map((m) => ocdsMilestone(m, at));
  return {
    id: `${c.competitionId}-contract-${c.awardId}`,
    awardID: `${c.competitionId}-award-${c.awardId}`,
    title: c.title.ru,
    status: closed ? 'terminated' : c.refusal && c.refusal.at <= at ? 'cancelled' : c.dateSigned && c.dateSigned <= at ? 'active' : 'pending',
    value: kzt(value),
    ...(c.dateSigned && c.dateSigned <= at ? { dateSigned: c.dateSigned } : {}),
    ...(ms.length ? { milestones: ms } : {}),
    ...(amendments.length
      ? {
          amendments: amendments.map((a) => ({
            id: `contract-${a.id}`,
            date: a.at,
            rationale: a.rationale,
            ...(a.value || a.milestones
              ? { description: [a.value ? `стоимость ${a.value.before} → ${a.value.after}` : '', a.milestones ? 'этапы изменены' : ''].filter(Boolean).join('; ') }
              : {}),
          })),
        }
      : {}),
    ...(transactions.length || ms.length ? { implementation: { ...(transactions.length ? { transactions } : {}), ...(ms.length ? { milestones: ms } : {}) } } : {}),
  };
};

/** The release of a contract event: the award-stage release of its competition with the contract added. */
export const contractRelease = (
  base: OcdsRelease,
  event: { readonly type: OcdsContractEventType; readonly at: string },
  contract: Contract,
): OcdsRelease => {
  const supplier = base.parties.find((p) => p.identifier?.id === contract.supplier.bin);
  const supplierRef = supplier ? { id: supplier.id, name: supplier.name } : { id: `KZ-BIN-${contract.supplier.bin}`, name: contract.supplier.name };
  return {
    ...base,
    tag: [OCDS_CONTRACT_EVENTS[event.type].tag],
    contracts: [ocdsContractAt(contract, event.at, { buyer: base.buyer, supplier: supplierRef })],
  };
};
