/**
 * Tender documents and bid envelopes. The bytes travel between the browser and the bucket through presigned URLs;
 * `complete` hashes the stored object itself and activates the document only if the SHA-256 matches what was
 * declared (the client is never trusted). After publication a tender document added or replaced is an amendment,
 * made by the amendment use case in its one transaction. Bid documents are sealed like bids: only their author lists
 * or downloads them until the bids are opened. No AWS here: the table and the bucket are ports.
 */
import { randomBytes } from 'node:crypto';
import { nowMs, now as clockNow } from '../clock.js';
import type { Competition } from '../domain/competition.js';
import { assertTransition } from '../domain/competition-lifecycle.js';
import {
  currentFile,
  fileProblems,
  isPendingLive,
  nextVersion,
  PENDING_UPLOAD_SECONDS,
  sanitizeFileName,
  type BidDocument,
  type BidEnvelope,
  type DocumentFile,
  type PendingFile,
  type TenderDocument,
  type TenderDocumentType,
} from '../domain/documents.js';
import { newId } from '../domain/ids.js';
import { ConflictError, NotFoundError, ValidationError, ForbiddenError } from '../errors.js';
import type { Caller } from '../http/identity.js';
import { amendCompetition, getPublicCompetition, ownCompetition, type CompetitionDeps } from './competitions.js';

export interface Upload {
  readonly method: 'PUT';
  readonly url: string;
  /** Headers the upload must carry exactly (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The documents bucket. */
export interface FileStorage {
  /** A presigned PUT whose signature covers the content type, the size and the SHA-256. */
  presignUpload(key: string, file: { contentType: string; size: number; sha256: string }): Promise<Upload>;
  /** A short-lived presigned GET that downloads under `fileName`. */
  presignDownload(key: string, file: { fileName: string; contentType: string }): Promise<string>;
  /** Size, type and malware verdict of a stored object; `undefined` when nothing was uploaded. */
  inspect(key: string): Promise<{ size: number; contentType: string; infected: boolean } | undefined>;
  /** Lower-case hex SHA-256 of the stored bytes, streamed. */
  sha256(key: string): Promise<string>;
  copy(from: string, to: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface DocumentStore {
  getTender(competitionId: string, docId: string): Promise<TenderDocument | undefined>;
  listTender(competitionId: string): Promise<TenderDocument[]>;
  /** Writes a new document's first pending upload (`expectedFiles` undefined) or a new version's, if still at that many versions. */
  putTenderPending(doc: TenderDocument, expectedFiles: number | undefined): Promise<void>;
  /** Forgets a pending upload that failed verification; a document with no verified version goes with it. */
  dropTenderPending(doc: TenderDocument): Promise<void>;
  getBid(competitionId: string, bin: string, docId: string): Promise<BidDocument | undefined>;
  /** One bidder's documents, or (no `bin`) every bid document of the competition: only after opening. */
  listBid(competitionId: string, bin?: string): Promise<BidDocument[]>;
  /** Writes a pending bid document if `now` is inside the tender period and the contractor is verified. */
  createBid(doc: BidDocument, now: string): Promise<void>;
  /** Marks a bid document verified (or, with `active: false`, deletes a failed one), inside the tender period. */
  completeBid(doc: BidDocument, now: string): Promise<void>;
  removeBid(doc: BidDocument, now: string, options?: { pendingOnly?: boolean }): Promise<void>;
}

export interface DocumentLimits {
  readonly extensions: readonly string[];
  readonly maxBytes: number;
  readonly maxPerCompetition: number;
  readonly maxPerBid: number;
  readonly apiBaseUrl: string;
}

export interface DocumentDeps extends CompetitionDeps {
  readonly documents: DocumentStore;
  readonly files: FileStorage;
  readonly limits: DocumentLimits;
  /** The bid of a contractor, to refuse deleting a document the current bid still carries. */
  readonly bidDocumentsInUse: (competitionId: string, bin: string) => Promise<readonly string[]>;
}

export interface FileInput {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export interface TenderDocumentInput extends FileInput {
  readonly documentType: TenderDocumentType;
  readonly title: string;
  readonly language?: string;
}

export interface BidDocumentInput extends FileInput {
  readonly envelope: BidEnvelope;
  readonly title: string;
}

const unguessable = (): string => randomBytes(16).toString('hex');
const nowSeconds = (): number => Math.floor(nowMs() / 1000);

/** Validates and normalises a declared file; every problem names its field. */
const declaredFile = (input: FileInput, limits: DocumentLimits): FileInput => {
  const fileName = sanitizeFileName(input.fileName);
  const file = { ...input, fileName, contentType: input.contentType.toLowerCase(), sha256: input.sha256.toLowerCase() };
  const problems = fileName ? fileProblems(file, limits) : [{ path: 'fileName', message: 'no usable file name' }];
  if (problems.length) throw new ValidationError(problems);
  return file;
};

const pendingFile = (file: FileInput, version: number, at: string): PendingFile => ({
  version,
  fileName: file.fileName,
  contentType: file.contentType,
  size: file.size,
  sha256: file.sha256,
  storageKey: `pending/${unguessable()}`,
  uploadedAt: at,
  expiresAt: nowSeconds() + PENDING_UPLOAD_SECONDS,
});

/**
 * Verifies a stored upload against its declaration: present, of the declared size and type, not infected, with the
 * declared SHA-256. On any mismatch the object is removed and a 422 names the field.
 */
const verifyUpload = async (files: FileStorage, pending: PendingFile): Promise<void> => {
  const stored = await files.inspect(pending.storageKey);
  if (!stored) throw new ConflictError('nothing was uploaded for this document yet; PUT the bytes to the upload URL first');
  const refuse = async (path: string, message: string): Promise<never> => {
    await files.remove(pending.storageKey);
    throw new ValidationError([{ path, message }]);
  };
  if (stored.infected) await refuse('file', 'the malware scan found threats in this file');
  if (stored.size !== pending.size) await refuse('size', `declared ${pending.size} bytes, stored ${stored.size}`);
  if (stored.contentType.toLowerCase() !== pending.contentType) await refuse('contentType', `declared ${pending.contentType}, stored ${stored.contentType}`);
  const actual = await files.sha256(pending.storageKey);
  if (actual !== pending.sha256) await refuse('sha256', `the stored bytes hash to ${actual}, not the declared ${pending.sha256}`);
};

/** Moves a verified upload out of the pending prefix (which the lifecycle rule empties) to its permanent key. */
const settle = async (files: FileStorage, pending: PendingFile, key: string): Promise<DocumentFile> => {
  await files.copy(pending.storageKey, key);
  const { expiresAt: _expiresAt, ...file } = pending;
  return { ...file, storageKey: key };
};

// ---------------------------------------------------------------------------------------------------------------
// Tender documents

/** The akimat adds a document: a pending upload, answered with where to PUT the bytes. */
export const createTenderDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, input: TenderDocumentInput) => {
  const competition = await ownCompetition(deps, caller, competitionId);
  assertTransition('changeTenderDocuments', competition, clockNow());
  const file = declaredFile(input, deps.limits);
  const existing = await deps.documents.listTender(competitionId);
  if (existing.filter((d) => d.files.length > 0 || isPendingLive(d.pending, nowSeconds())).length >= deps.limits.maxPerCompetition) {
    throw new ConflictError(`a competition has at most ${deps.limits.maxPerCompetition} documents`);
  }
  const at = clockNow().toISOString();
  const doc: TenderDocument = {
    id: newId(),
    competitionId,
    documentType: input.documentType,
    title: input.title,
    ...(input.language ? { language: input.language } : {}),
    files: [],
    pending: pendingFile(file, 1, at),
    createdAt: at,
  };
  await deps.documents.putTenderPending(doc, undefined);
  return { id: doc.id, version: 1, status: 'pending' as const, upload: await deps.files.presignUpload(doc.pending!.storageKey, file) };
};

/** The akimat uploads a new version of a document (same flow as the first upload). */
export const replaceTenderDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, docId: string, input: FileInput) => {
  const competition = await ownCompetition(deps, caller, competitionId);
  assertTransition('changeTenderDocuments', competition, clockNow());
  const doc = await deps.documents.getTender(competitionId, docId);
  if (!doc || doc.files.length === 0) throw new NotFoundError('no such document in this competition');
  const file = declaredFile(input, deps.limits);
  const version = nextVersion(doc);
  const next: TenderDocument = { ...doc, pending: pendingFile(file, version, clockNow().toISOString()) };
  await deps.documents.putTenderPending(next, doc.files.length);
  return { id: doc.id, version, status: 'pending' as const, upload: await deps.files.presignUpload(next.pending!.storageKey, file) };
};

/**
 * Verifies the pending upload and makes it the current version. In a draft that is an edit; after publication it is
 * an amendment (version +1, bids invalidated during tendering, deadline extended, subscribers and bidders told).
 */
export const completeTenderDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, docId: string) => {
  const competition = await ownCompetition(deps, caller, competitionId);
  assertTransition('changeTenderDocuments', competition, clockNow());
  const doc = await deps.documents.getTender(competitionId, docId);
  if (!doc) throw new NotFoundError('no such document in this competition');
  const pending = doc.pending;
  if (!pending || !isPendingLive(pending, nowSeconds())) {
    if (doc.files.length === 0) throw new NotFoundError('no such document in this competition');
    throw new ConflictError('this document has no pending upload; PUT a new version first');
  }
  try {
    await verifyUpload(deps.files, pending);
  } catch (error) {
    if (error instanceof ValidationError) await deps.documents.dropTenderPending(doc);
    throw error;
  }
  const file = await settle(deps.files, pending, `tender/${competitionId}/${docId}/v${pending.version}-${unguessable()}`);
  const at = clockNow().toISOString();
  const { pending: _pending, ...rest } = doc;
  const next: TenderDocument = { ...rest, files: [...doc.files, file], datePublished: doc.datePublished ?? at, dateModified: at };
  try {
    await amendCompetition(deps, caller, competitionId, {}, { document: next, change: doc.files.length === 0 ? 'added' : 'replaced' });
  } catch (error) {
    // Nothing half-written: the copy made for a document that did not become active goes.
    await deps.files.remove(file.storageKey).catch(() => undefined);
    throw error;
  }
  await deps.files.remove(pending.storageKey).catch(() => undefined);
  return tenderDocumentView(next, deps.limits.apiBaseUrl);
};

const contentUrl = (apiBaseUrl: string, d: TenderDocument, version?: number): string =>
  `${apiBaseUrl.replace(/\/+$/, '')}/competitions/${d.competitionId}/documents/${d.id}/content${version ? `?version=${version}` : ''}`;

/** What anyone sees of a verified tender document: the current version, with the older ones under `versions`. */
export const tenderDocumentView = (d: TenderDocument, apiBaseUrl: string) => {
  const current = currentFile(d)!;
  const older = d.files.slice(0, -1);
  return {
    id: d.id,
    documentType: d.documentType,
    title: d.title,
    ...(d.language ? { language: d.language } : {}),
    fileName: current.fileName,
    contentType: current.contentType,
    size: current.size,
    sha256: current.sha256,
    version: current.version,
    status: 'active' as const,
    datePublished: d.datePublished ?? current.uploadedAt,
    dateModified: d.dateModified ?? current.uploadedAt,
    url: contentUrl(apiBaseUrl, d),
    ...(older.length
      ? {
          versions: older.map((f) => ({
            version: f.version,
            fileName: f.fileName,
            contentType: f.contentType,
            size: f.size,
            sha256: f.sha256,
            dateModified: f.uploadedAt,
            url: contentUrl(apiBaseUrl, d, f.version),
          })),
        }
      : {}),
  };
};

/** The documents of a published competition, for anyone. Pending uploads are invisible. */
export const listPublicTenderDocuments = async (deps: DocumentDeps, competitionId: string) => {
  await getPublicCompetition(deps, competitionId);
  const docs = await deps.documents.listTender(competitionId);
  return docs.filter((d) => d.files.length > 0).map((d) => tenderDocumentView(d, deps.limits.apiBaseUrl));
};

/**
 * The akimat's view of its competition's documents, drafts included: download links are presigned directly (a
 * draft's documents are not public), and a live pending upload is shown as such.
 */
export const listOwnTenderDocuments = async (deps: DocumentDeps, caller: Caller, competitionId: string) => {
  await ownCompetition(deps, caller, competitionId);
  const docs = await deps.documents.listTender(competitionId);
  const seconds = nowSeconds();
  return Promise.all(
    docs
      .filter((d) => d.files.length > 0 || isPendingLive(d.pending, seconds))
      .map(async (d) => {
        if (d.files.length === 0) {
          return { id: d.id, documentType: d.documentType, title: d.title, fileName: d.pending!.fileName, version: d.pending!.version, status: 'pending' as const };
        }
        const view = tenderDocumentView(d, deps.limits.apiBaseUrl);
        const link = (f: DocumentFile) => deps.files.presignDownload(f.storageKey, f);
        return {
          ...view,
          url: await link(currentFile(d)!),
          ...(view.versions ? { versions: await Promise.all(view.versions.map(async (v, i) => ({ ...v, url: await link(d.files[i]!) }))) } : {}),
          ...(isPendingLive(d.pending, seconds) ? { pendingVersion: d.pending!.version } : {}),
        };
      }),
  );
};

/** A short-lived presigned GET of a public document's current (or given) version. */
export const tenderDocumentContent = async (deps: DocumentDeps, competitionId: string, docId: string, version?: number): Promise<string> => {
  await getPublicCompetition(deps, competitionId);
  const doc = await deps.documents.getTender(competitionId, docId);
  const file = doc && (version === undefined ? currentFile(doc) : doc.files.find((f) => f.version === version));
  if (!file) throw new NotFoundError(version === undefined ? 'no such document in this competition' : `the document has no version ${version}`);
  return deps.files.presignDownload(file.storageKey, file);
};

// ---------------------------------------------------------------------------------------------------------------
// Bid documents

const requireBin = (caller: Caller): string => {
  if (caller.role !== 'contractor' || !caller.bin) throw new ForbiddenError('bid documents belong to contractors');
  return caller.bin;
};

const tenderingCompetition = async (deps: DocumentDeps, competitionId: string): Promise<Competition> => {
  const competition = await getPublicCompetition(deps, competitionId);
  assertTransition('changeBidDocuments', competition, clockNow());
  return competition;
};

/** The contractor's view of one of its bid documents, with a presigned download for a verified one. */
export const bidDocumentView = async (files: FileStorage, d: BidDocument) => ({
  id: d.id,
  envelope: d.envelope,
  title: d.title,
  fileName: d.file.fileName,
  contentType: d.file.contentType,
  size: d.file.size,
  sha256: d.file.sha256,
  status: d.status,
  createdAt: d.createdAt,
  ...(d.completedAt ? { completedAt: d.completedAt } : {}),
  ...(d.status === 'active' ? { url: await files.presignDownload(d.file.storageKey, d.file) } : {}),
});

export const createBidDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, input: BidDocumentInput) => {
  const bin = requireBin(caller);
  await tenderingCompetition(deps, competitionId);
  const file = declaredFile(input, deps.limits);
  const seconds = nowSeconds();
  const mine = (await deps.documents.listBid(competitionId, bin)).filter((d) => d.status === 'active' || isPendingLive(d, seconds));
  if (mine.length >= deps.limits.maxPerBid) throw new ConflictError(`a bid has at most ${deps.limits.maxPerBid} documents`);
  const at = clockNow().toISOString();
  const pending = pendingFile(file, 1, at);
  const { expiresAt, ...stored } = pending;
  const doc: BidDocument = { id: newId(), competitionId, bin, envelope: input.envelope, title: input.title, status: 'pending', file: stored, expiresAt, createdAt: at };
  await deps.documents.createBid(doc, at);
  return { id: doc.id, version: 1, status: 'pending' as const, upload: await deps.files.presignUpload(pending.storageKey, file) };
};

export const completeBidDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, docId: string) => {
  const bin = requireBin(caller);
  await tenderingCompetition(deps, competitionId);
  const doc = await deps.documents.getBid(competitionId, bin, docId);
  if (!doc || (doc.status === 'pending' && !isPendingLive(doc, nowSeconds()))) throw new NotFoundError('you have no such bid document in this competition');
  if (doc.status === 'active') return bidDocumentView(deps.files, doc);
  const pending: PendingFile = { ...doc.file, expiresAt: doc.expiresAt! };
  try {
    await verifyUpload(deps.files, pending);
  } catch (error) {
    if (error instanceof ValidationError) await deps.documents.removeBid(doc, clockNow().toISOString(), { pendingOnly: true }).catch(() => undefined);
    throw error;
  }
  const file = await settle(deps.files, pending, `bids/${competitionId}/${unguessable()}`);
  const at = clockNow().toISOString();
  const { expiresAt: _expiresAt, ...rest } = doc;
  const next: BidDocument = { ...rest, status: 'active', file, completedAt: at };
  try {
    await deps.documents.completeBid(next, at);
  } catch (error) {
    await deps.files.remove(file.storageKey).catch(() => undefined);
    throw error;
  }
  await deps.files.remove(pending.storageKey).catch(() => undefined);
  return bidDocumentView(deps.files, next);
};

export const deleteBidDocument = async (deps: DocumentDeps, caller: Caller, competitionId: string, docId: string): Promise<void> => {
  const bin = requireBin(caller);
  await tenderingCompetition(deps, competitionId);
  const doc = await deps.documents.getBid(competitionId, bin, docId);
  if (!doc) throw new NotFoundError('you have no such bid document in this competition');
  if ((await deps.bidDocumentsInUse(competitionId, bin)).includes(docId)) {
    throw new ConflictError('your current bid carries this document; submit the bid without it first', [{ path: 'docId', message: 'in the current bid' }]);
  }
  await deps.documents.removeBid(doc, clockNow().toISOString());
  await deps.files.remove(doc.file.storageKey).catch(() => undefined);
};

export const listOwnBidDocuments = async (deps: DocumentDeps, caller: Caller, competitionId: string) => {
  const bin = requireBin(caller);
  await getPublicCompetition(deps, competitionId);
  const seconds = nowSeconds();
  const docs = (await deps.documents.listBid(competitionId, bin)).filter((d) => d.status === 'active' || isPendingLive(d, seconds));
  return Promise.all(docs.map((d) => bidDocumentView(deps.files, d)));
};
