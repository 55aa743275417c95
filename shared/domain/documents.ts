/**
 * Tender documents and bid envelopes: their kinds, the files allowed and how a file name is made safe. The bytes live
 * in the documents bucket under unguessable keys; the metadata (this module's types) lives in the table.
 */

/** `documentType` codes of tender documents (OCDS `documentType` where one exists; see `ocdsDocumentType`). */
export const TENDER_DOCUMENT_TYPES = [
  'tenderNotice',
  'technicalSpecifications',
  'projectDesign',
  'billOfQuantity',
  'contractDraft',
  'clarifications',
  'evaluationReports',
  'other',
] as const;
export type TenderDocumentType = (typeof TENDER_DOCUMENT_TYPES)[number];

/** The envelopes of a bid. */
export const BID_ENVELOPES = ['technical', 'qualification', 'financial', 'security'] as const;
export type BidEnvelope = (typeof BID_ENVELOPES)[number];

/** Media types accepted for each file extension (browsers differ for the office and CAD formats). */
export const MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = {
  pdf: ['application/pdf'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  dwg: ['image/vnd.dwg', 'application/acad', 'application/x-dwg', 'image/x-dwg'],
  zip: ['application/zip', 'application/x-zip-compressed'],
  '7z': ['application/x-7z-compressed'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  p7s: ['application/pkcs7-signature', 'application/x-pkcs7-signature'],
};

/** One stored file of a document: a version of a tender document, or the file of a bid document. */
export interface DocumentFile {
  readonly version: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the stored bytes, verified by the server. */
  readonly sha256: string;
  /** Object key in the documents bucket; never shown to callers. */
  readonly storageKey: string;
  readonly uploadedAt: string;
}

/** An upload presigned but not verified yet; gone (invisible, then deleted) after `expiresAt`. */
export interface PendingFile extends DocumentFile {
  /** Epoch seconds. */
  readonly expiresAt: number;
}

export interface TenderDocument {
  readonly id: string;
  readonly competitionId: string;
  readonly documentType: TenderDocumentType;
  readonly title: string;
  readonly language?: string;
  /** Verified versions, oldest first; the last one is current. Empty while the first upload is pending. */
  readonly files: readonly DocumentFile[];
  readonly pending?: PendingFile;
  readonly createdAt: string;
  /** When the first version became active (the document's publication). */
  readonly datePublished?: string;
  readonly dateModified?: string;
}

export interface BidDocument {
  readonly id: string;
  readonly competitionId: string;
  readonly bin: string;
  readonly envelope: BidEnvelope;
  readonly title: string;
  readonly status: 'pending' | 'active';
  readonly file: DocumentFile;
  /** Epoch seconds, while pending. */
  readonly expiresAt?: number;
  readonly createdAt: string;
  readonly completedAt?: string;
}

/** What a bid carries of each of its documents (and what a signature over the bid covers: id and sha256). */
export interface BidDocumentRef {
  readonly id: string;
  readonly envelope: BidEnvelope;
  readonly title: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
}

export const bidDocumentRef = (d: BidDocument): BidDocumentRef => ({
  id: d.id,
  envelope: d.envelope,
  title: d.title,
  fileName: d.file.fileName,
  sha256: d.file.sha256,
  size: d.file.size,
  contentType: d.file.contentType,
});

/** The current (latest verified) version of a tender document. */
export const currentFile = (d: TenderDocument): DocumentFile | undefined => d.files[d.files.length - 1];

/** The version number the next upload of a tender document gets. */
export const nextVersion = (d: TenderDocument): number => d.files.length + 1;

/** A pending upload at `nowSeconds` is still usable (expired ones are gone even if storage has not deleted them). */
export const isPendingLive = (p: { expiresAt?: number } | undefined, nowSeconds: number): boolean =>
  !!p && p.expiresAt !== undefined && p.expiresAt > nowSeconds;

/** How long a presigned upload stays completable. */
export const PENDING_UPLOAD_SECONDS = 24 * 3600;

/** The extension of a file name, lower-cased (`""` when it has none). */
export const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
};

/**
 * A file name safe to store and to offer in `Content-Disposition`: the last path segment, without control
 * characters, characters reserved on Windows or leading dots, whitespace collapsed, at most 150 characters (the
 * extension kept). Returns `""` when nothing usable remains.
 */
export const sanitizeFileName = (raw: string): string => {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*;]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (cleaned.length <= 150) return cleaned;
  const ext = extensionOf(cleaned);
  const keep = ext && ext.length < 10 ? `.${ext}` : '';
  return `${cleaned.slice(0, 150 - keep.length).trimEnd()}${keep}`;
};

/** Why a file is not accepted, by field; `undefined` when it is. */
export const fileProblems = (
  file: { fileName: string; contentType: string; size: number },
  limits: { extensions: readonly string[]; maxBytes: number },
): { path: string; message: string }[] => {
  const problems: { path: string; message: string }[] = [];
  const ext = extensionOf(file.fileName);
  if (!ext || !limits.extensions.includes(ext)) {
    problems.push({ path: 'fileName', message: `allowed file types: ${limits.extensions.join(', ')}` });
  } else if (!(MEDIA_TYPES[ext] ?? []).includes(file.contentType.toLowerCase())) {
    problems.push({ path: 'contentType', message: `a .${ext} file is ${(MEDIA_TYPES[ext] ?? []).join(' or ') || 'not accepted'}` });
  }
  if (!Number.isInteger(file.size) || file.size < 1 || file.size > limits.maxBytes) {
    problems.push({ path: 'size', message: `from 1 to ${limits.maxBytes} bytes` });
  }
  return problems;
};

/** The GuardDuty Malware Protection for S3 tag an infected object carries. */
export const MALWARE_TAG = 'GuardDutyMalwareScanStatus';
export const MALWARE_FOUND = 'THREATS_FOUND';
