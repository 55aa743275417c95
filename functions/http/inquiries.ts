/**
 * The МЭКС contact centre: anyone files an inquiry and follows it with its access token; the responsible akimat or
 * the ministry lists, takes and answers inquiries.
 */
import { inquiryStore } from '../../shared/adapters/inquiry-store.js';
import { pageBody } from '../../shared/adapters/pagination.js';
import { inquiryConfig } from '../../shared/config.js';
import { NotFoundError, PayloadTooLargeError } from '../../shared/errors.js';
import { httpApi, type HttpRequest } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import {
  answerInquiryBody,
  fileInquiryBody,
  INQUIRY_ID_PATTERN,
  INQUIRY_MAX_BODY_BYTES,
  inquiryTokenQuery,
  listInquiriesQuery,
} from '../../shared/schemas/inquiries.js';
import {
  answerInquiry,
  fileInquiry,
  inquiryForStaff,
  inquiryForToken,
  inquiryPublicView,
  inquiryStaffView,
  listInquiries,
  takeInquiry,
  type InquiryDeps,
} from '../../shared/use-cases/inquiries.js';

const deps: InquiryDeps = { inquiries: inquiryStore, responseWorkingDays: inquiryConfig.responseWorkingDays };

/** The inquiry id of the path; a malformed one (too long for a key, odd characters) names no inquiry. */
const id = (request: HttpRequest): string => {
  const value = request.params.id ?? '';
  if (!INQUIRY_ID_PATTERN.test(value)) throw new NotFoundError('no such inquiry');
  return value;
};

/** The public form gets a tighter bound than the chain's: its fields are bounded far below it. */
const boundBody = ({ event }: HttpRequest): void => {
  const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (size > INQUIRY_MAX_BODY_BYTES) throw new PayloadTooLargeError(INQUIRY_MAX_BODY_BYTES);
};

export const handler = httpApi({
  'POST /inquiries': async (request) => {
    boundBody(request);
    const { inquiry, accessToken } = await fileInquiry(deps, parseInput(fileInquiryBody, request.body));
    return {
      statusCode: 201,
      body: { ...inquiryPublicView(inquiry), accessToken },
      headers: { Location: `/inquiries/${inquiry.id}` },
    };
  },

  'GET /inquiries/{id}': async (request) => {
    const { token } = parseInput(inquiryTokenQuery, request.query, 'query');
    return { statusCode: 200, body: inquiryPublicView(await inquiryForToken(deps, id(request), token)) };
  },

  'GET /inquiries/{id}/case': async (request) => ({
    statusCode: 200,
    body: inquiryStaffView(await inquiryForStaff(deps, request.caller!, id(request))),
  }),

  'GET /inquiries': async ({ caller, query }) => {
    const q = parseInput(listInquiriesQuery, query, 'query');
    const page = await listInquiries(
      deps,
      caller!,
      { ...(q.region ? { region: q.region } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { statusCode: 200, body: pageBody({ ...page, items: page.items.map((i) => inquiryStaffView(i)) }) };
  },

  'POST /inquiries/{id}/take': async (request) => ({
    statusCode: 200,
    body: inquiryStaffView(await takeInquiry(deps, request.caller!, id(request))),
  }),

  'POST /inquiries/{id}/answer': async (request) => {
    boundBody(request);
    const { text } = parseInput(answerInquiryBody, request.body);
    return { statusCode: 200, body: inquiryStaffView(await answerInquiry(deps, request.caller!, id(request), text)) };
  },
});
