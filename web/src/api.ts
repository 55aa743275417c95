/**
 * The HTTP API client: JSON in and out, the bearer token of the session, and errors carrying the API's body
 * (`{ error, message, fields }`) so forms can show what the server refused.
 */
import { config } from './config.js';
import { storedSession } from './session.js';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called on a 401: the token expired or was revoked. */
let onUnauthorized: () => void = () => undefined;
export const setUnauthorizedHandler = (handler: () => void): void => {
  onUnauthorized = handler;
};

export interface Page<T> {
  readonly items: T[];
  readonly cursor?: string;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string | undefined>;
}

const urlOf = (path: string, query?: Record<string, string | undefined>): string => {
  const url = new URL(`${config().apiUrl}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(name, value);
  return url.toString();
};

const send = async (path: string, options: RequestOptions): Promise<Response> => {
  const session = storedSession();
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (response.ok) return response;
  const text = await response.text();
  let body: { error?: string; message?: string; fields?: FieldProblem[] } = {};
  try {
    body = text ? (JSON.parse(text) as typeof body) : {};
  } catch {
    body = { message: text };
  }
  if (response.status === 401 && session) onUnauthorized();
  throw new ApiError(response.status, body.error ?? String(response.status), body.message ?? response.statusText, body.fields ?? []);
};

/** Calls the API and parses its JSON answer (undefined for 204). */
export const api = async <T>(path: string, options: RequestOptions = {}): Promise<T> => {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
};

/**
 * Downloads a file from the API with the bearer token (a plain link cannot carry it): fetch, then save the blob.
 *
 * @returns the file name used
 */
export const download = async (path: string, fallbackName: string, query?: Record<string, string | undefined>): Promise<string> => {
  const response = await send(path, { ...(query ? { query } : {}), headers: { accept: 'text/csv' } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return link.download;
};
