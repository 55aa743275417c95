/**
 * Uploading a document: the browser hashes the file (SHA-256, in chunks), declares it to the API, sends the bytes
 * straight to the presigned URL the API answered (XMLHttpRequest: `fetch` reports no upload progress), then asks the
 * API to `complete`, which hashes the stored bytes again and activates the document only if they match.
 */
import { MEDIA_TYPES, extensionOf } from '../../shared/domain/documents.js';
import { ApiError } from './api.js';
import { sha256OfBlob } from './sha256.js';

/** What the API needs to know of a file before it presigns an upload. */
export interface DeclaredFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** `201` of `POST …/documents` and `PUT …/documents/{docId}`. */
export interface UploadTicket {
  readonly id: string;
  readonly version: number;
  readonly upload: { readonly method: string; readonly url: string; readonly headers?: Readonly<Record<string, string>> };
}

export type UploadPhase = 'hashing' | 'uploading' | 'verifying';

export interface UploadProgress {
  readonly phase: UploadPhase;
  /** Bytes done in this phase, of `total`. */
  readonly done: number;
  readonly total: number;
}

/**
 * The media type to declare: the browser's own guess when the API accepts it for the extension, else the first the
 * API accepts (browsers leave `type` empty or differ for office and CAD files). Unknown extensions keep the browser's
 * guess, and the API names the file name as the problem.
 */
export const contentTypeOf = (file: { name: string; type: string }): string => {
  const accepted = MEDIA_TYPES[extensionOf(file.name)];
  const guess = file.type.toLowerCase();
  if (!accepted) return guess || 'application/octet-stream';
  return accepted.includes(guess) ? guess : accepted[0]!;
};

/** PUTs the bytes as the API said, with the progress of the transfer; S3's refusal becomes an `ApiError` on `file`. */
const sendBytes = (ticket: UploadTicket, file: Blob, onProgress: (sent: number) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(ticket.upload.method, ticket.upload.url);
    for (const [name, value] of Object.entries(ticket.upload.headers ?? {})) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve();
      else reject(new ApiError(request.status, 'upload_refused', `the storage refused the upload (HTTP ${request.status})`, [{ path: 'file', message: `HTTP ${request.status}` }]));
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'network'));
    request.send(file);
  });

/**
 * Uploads `file` in the three steps of the API: `declare` (returns where to send the bytes), the transfer, then
 * `complete`. Errors are the API's (`ApiError`, with the fields it refused: `sha256`, `size`, `contentType`…).
 */
export const uploadFile = async <T>(
  file: File,
  steps: { declare: (declared: DeclaredFile) => Promise<UploadTicket>; complete: (ticket: UploadTicket) => Promise<T> },
  onProgress: (progress: UploadProgress) => void,
): Promise<T> => {
  onProgress({ phase: 'hashing', done: 0, total: file.size });
  const sha256 = await sha256OfBlob(file, (done) => onProgress({ phase: 'hashing', done, total: file.size }));
  const ticket = await steps.declare({ fileName: file.name, contentType: contentTypeOf(file), size: file.size, sha256 });
  onProgress({ phase: 'uploading', done: 0, total: file.size });
  await sendBytes(ticket, file, (done) => onProgress({ phase: 'uploading', done, total: file.size }));
  onProgress({ phase: 'verifying', done: file.size, total: file.size });
  return steps.complete(ticket);
};
