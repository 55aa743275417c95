/**
 * Application errors: use cases and handlers throw them to end a request with a 4xx (the HTTP chain maps them by
 * `statusCode`). Anything else is unexpected and becomes a generic 500.
 *
 * Queue and stream consumers make no such distinction: any error thrown for a record, these included, reports the
 * record failed, so SQS delivers it again and after `maxReceiveCount` moves it to the DLQ. A use case that knows a
 * conflict is worth retrying at once (the deadline checker) catches it itself.
 */

/** One offending input field: its path (`subscriptions.0.kato`) and what is wrong with it. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: readonly FieldProblem[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The JSON body the client receives. */
  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, fields?: readonly FieldProblem[]) {
    super(400, 'bad_request', message, fields);
  }
}

export class ValidationError extends HttpError {
  constructor(fields: readonly FieldProblem[]) {
    super(422, 'validation', `invalid input: ${fields.map((f) => `${f.path || '(body)'}: ${f.message}`).join('; ')}`, fields);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'a valid bearer token is required') {
    super(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'not allowed for this caller') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'not found') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, fields?: readonly FieldProblem[]) {
    super(409, 'conflict', message, fields);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `the request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported_media_type', 'the request body must be JSON (Content-Type: application/json)');
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/**
 * The API cannot take the request now (the function ran out of time, or the API is at capacity): the client retries
 * after `Retry-After` seconds. As API Gateway answers a throttled or unresponsive integration; never a 500.
 */
export class ServiceUnavailableError extends HttpError {
  constructor(message: string, retryAfterSeconds = 1) {
    super(503, 'unavailable', message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/**
 * A bid's (or act's) signature was refused: a 422 naming the field `signature`, with a stable `reason` code
 * (`missing`, `malformed`, `payload_mismatch`, `untrusted_issuer`, `expired`, `revoked`, `not_this_organisation`, …).
 */
export class SignatureRejectedError extends HttpError {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(422, 'validation', `invalid input: signature: ${reason}: ${detail}`, [{ path: 'signature', message: `${reason}: ${detail}` }]);
  }

  override toBody(): Record<string, unknown> {
    return { ...super.toBody(), reason: this.reason };
  }
}
