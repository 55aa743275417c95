/**
 * Presigned S3 URLs without the S3 client: the SDK's own S3 presigner (`S3RequestPresigner` of
 * `@aws-sdk/s3-request-presigner`: SigV4 query signing as S3 wants it, `UNSIGNED-PAYLOAD`, unhoisted headers) over the
 * request `PutObject` or `GetObject` would send, with the credentials, region and SHA-256 of the function's DynamoDB
 * client (one execution role, one credential chain).
 *
 * The S3 client with its commands and middleware is about 150 KB of every bundle that imports it, and most document
 * requests only presign (an upload declared, a download redirected). The URLs are the ones `getSignedUrl` makes with
 * the S3 client of `shared/aws/s3.ts`, byte for byte (`test/unit/presigned-urls.test.ts` compares them); the
 * operations that talk to S3 (verify, copy, delete, publish) load the S3 file storage on first use.
 */
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { dynamodb } from '../aws/dynamodb.js';
import { documentConfig } from '../config.js';

type Presigner = Pick<S3RequestPresigner, 'presign'>;
type HttpRequest = Parameters<S3RequestPresigner['presign']>[0];

interface Target {
  readonly presigner: Presigner;
  /** The region the presigner signs for, as the clients resolve it. */
  readonly region: () => Promise<string>;
  /** `AWS_ENDPOINT_URL_S3` (an emulator, path-style addressing) or undefined (AWS, virtual-hosted where the name allows). */
  readonly endpoint?: string;
}

/** RFC 3986 encoding as the SDK applies it to path labels and query strings. */
const escape = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A bucket name S3 serves as a host name (`<bucket>.s3.<region>.amazonaws.com`): no dots, DNS label rules. */
const virtualHostable = (bucket: string): boolean => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('--');

/** The request an S3 operation on `bucket`/`key` sends, before signing. */
const s3Request = (
  target: { readonly region: string; readonly endpoint?: string },
  bucket: string,
  key: string,
  request: { method: 'GET' | 'PUT'; operation: string; headers?: Record<string, string>; query?: Record<string, string> },
): HttpRequest => {
  const path = `/${key.split('/').map(escape).join('/')}`;
  const base = target.endpoint ? new URL(target.endpoint) : undefined;
  const hostname = base ? base.hostname : virtualHostable(bucket) ? `${bucket}.s3.${target.region}.amazonaws.com` : `s3.${target.region}.amazonaws.com`;
  const pathStyle = base !== undefined || !virtualHostable(bucket);
  const basePath = base ? base.pathname.replace(/\/+$/, '') : '';
  const host = base?.port ? `${hostname}:${base.port}` : hostname;
  return {
    method: request.method,
    protocol: base ? base.protocol : 'https:',
    hostname,
    ...(base?.port ? { port: Number(base.port) } : {}),
    path: `${basePath}${pathStyle ? `/${bucket}` : ''}${path}`,
    query: { ...request.query, 'x-id': request.operation },
    headers: { ...request.headers, host },
  };
};

/** The URL of a signed request, its query in the SDK's order (by name) and encoding. */
const urlOf = (request: HttpRequest): string => {
  const query = request.query ?? {};
  const search = Object.keys(query)
    .sort()
    .map((name) => `${escape(name)}=${escape(String(query[name]))}`)
    .join('&');
  const port = request.port ? `:${request.port}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${search ? `?${search}` : ''}`;
};

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** `Content-Disposition` that downloads under `fileName` (ASCII fallback plus RFC 5987 UTF-8). */
export const disposition = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};

/** Presigned PUTs and GETs of `bucket`, signed by `target`'s presigner for `expiresIn` seconds. */
export const presignedUrls = (target: Target, bucket: string, expiresIn: number, signingDate?: () => Date) => {
  const sign = async (key: string, request: Parameters<typeof s3Request>[3], options: { signableHeaders?: Set<string>; unhoistableHeaders?: Set<string> } = {}) => {
    const at = { region: await target.region(), ...(target.endpoint ? { endpoint: target.endpoint } : {}) };
    const signed = await target.presigner.presign(s3Request(at, bucket, key, request), { expiresIn, ...(signingDate ? { signingDate: signingDate() } : {}), ...options });
    return urlOf(signed);
  };
  return {
    /** A PUT whose signature covers the content type, the size and the SHA-256 (S3 checks the bytes on arrival). */
    presignUpload: async (key: string, file: { contentType: string; size: number; sha256: string }) => {
      const checksum = hexToBase64(file.sha256);
      const headers = { 'content-type': file.contentType, 'content-length': String(file.size), 'x-amz-checksum-sha256': checksum };
      const url = await sign(key, { method: 'PUT', operation: 'PutObject', headers }, {
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      });
      return { method: 'PUT' as const, url, headers: { 'content-type': file.contentType, 'x-amz-checksum-sha256': checksum } };
    },

    /** A short-lived GET that downloads under `fileName`. */
    presignDownload: (key: string, file: { fileName: string; contentType: string }) =>
      sign(key, { method: 'GET', operation: 'GetObject', query: { 'response-content-disposition': disposition(file.fileName), 'response-content-type': file.contentType } }),
  };
};

/** The documents bucket's presigned URLs, signed with the execution role's credentials. */
export const documentUrls = presignedUrls(
  {
    presigner: new S3RequestPresigner({ credentials: dynamodb.config.credentials, region: dynamodb.config.region, sha256: dynamodb.config.sha256 }),
    region: dynamodb.config.region,
    ...(process.env.AWS_ENDPOINT_URL_S3 ? { endpoint: process.env.AWS_ENDPOINT_URL_S3 } : {}),
  },
  documentConfig.bucket,
  documentConfig.urlSeconds,
);
