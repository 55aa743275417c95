/**
 * Documents in integration tests: declare a file, PUT its bytes to the presigned URL exactly as a browser does, then
 * complete it.
 */
import { createHash } from 'node:crypto';
import { api, type ApiResponse } from './local.js';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A small "PDF" whose bytes are unique to `label`. */
export const pdfBytes = (label: string, size = 4096): Buffer => {
  const head = Buffer.from(`%PDF-1.7\n% ${label} ${Math.random()}\n`);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};

export interface Upload {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
}

/** PUTs the bytes to a presigned upload with exactly the headers it requires. */
export const putBytes = async (upload: Upload, bytes: Uint8Array): Promise<number> => {
  const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: Buffer.from(bytes) });
  await response.arrayBuffer();
  return response.status;
};

/** Declares, uploads and completes a document at `declarePath` (`…/documents` or `…/bids/me/documents`). */
export const uploadDocument = async (
  token: string,
  declarePath: string,
  bytes: Uint8Array,
  fields: Record<string, unknown>,
  options: { method?: string; declaredSha256?: string } = {},
): Promise<{ declared: ApiResponse; completed: ApiResponse; id: string }> => {
  const declared = await api(declarePath, {
    token,
    method: options.method ?? 'POST',
    body: { fileName: 'document.pdf', contentType: 'application/pdf', size: bytes.length, sha256: options.declaredSha256 ?? sha256Hex(bytes), ...fields },
  });
  if (declared.status !== 201) throw new Error(`declaring refused (${declared.status}): ${JSON.stringify(declared.body)}`);
  const put = await putBytes(declared.body.upload, bytes);
  if (put !== 200) throw new Error(`upload refused: ${put}`);
  const base = declarePath.replace(/\/documents(\/[^/]+)?$/, '/documents');
  const completed = await api(`${base}/${declared.body.id}/complete`, { token, method: 'POST' });
  return { declared, completed, id: declared.body.id };
};

export const uploadTenderDocument = async (token: string, competitionId: string, bytes: Uint8Array, fields: Record<string, unknown> = {}) => {
  const result = await uploadDocument(token, `/competitions/${competitionId}/documents`, bytes, { documentType: 'technicalSpecifications', title: 'Техническая спецификация', ...fields });
  if (result.completed.status !== 200) throw new Error(`complete refused (${result.completed.status}): ${JSON.stringify(result.completed.body)}`);
  return result;
};

export const uploadBidDocument = async (token: string, competitionId: string, bytes: Uint8Array, fields: Record<string, unknown> = {}) => {
  const result = await uploadDocument(token, `/competitions/${competitionId}/bids/me/documents`, bytes, { envelope: 'technical', title: 'Техническое предложение', ...fields });
  if (result.completed.status !== 200) throw new Error(`complete refused (${result.completed.status}): ${JSON.stringify(result.completed.body)}`);
  return result;
};

/** Follows a download link (the API's 302 or a presigned URL) and returns the bytes. */
export const download = async (url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> => {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
};
