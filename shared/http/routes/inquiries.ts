/**
 * Routes of the inquiries function: the МЭКС contact centre. Anyone files an inquiry and follows it with its access
 * token; the responsible akimat or the ministry lists, takes and answers inquiries.
 */
import { defineRoute } from '../route.js';
import {
  answerInquiryBody,
  filedInquiryResponse,
  fileInquiryBody,
  INQUIRY_MAX_BODY_BYTES,
  inquiryIdParams,
  inquiryPageResponse,
  inquiryPublicViewSchema,
  inquiryStaffViewSchema,
  inquiryTokenQuery,
  listInquiriesQuery,
} from '../../schemas/inquiries.js';

const tags = ['inquiries'];
const staff = ['akimat', 'ministry'] as const;

export const inquiriesRoutes = {
  // Public and unauthenticated: rate-limited with API Gateway route throttling (infra/stateless-stack.ts).
  file: defineRoute({
    method: 'POST',
    path: '/inquiries',
    auth: 'public',
    summary: 'File an inquiry with the МЭКС contact centre (anyone)',
    description:
      'Routed to the akimat of `kato` for regional topics (competition, project, registration), else to the ministry; ' +
      'answered within the configured working days (`dueAt`). Give an email, a phone or both; the answer is emailed ' +
      'when an email is given. The `accessToken` is shown once: follow the inquiry with `GET /inquiries/{id}?token=`. ' +
      'Bodies above 24 KiB are refused (413); the route is throttled at the API Gateway.',
    tags,
    body: fileInquiryBody,
    maxBodyBytes: INQUIRY_MAX_BODY_BYTES,
    response: { status: 201, schema: filedInquiryResponse, headers: { Location: 'The inquiry: `/inquiries/{id}`' } },
  }),
  // Public: the inquirer follows its inquiry with `?token=<accessToken>`; public routes carry no claims, so the
  // responsible party reads the full inquiry through `/case`.
  follow: defineRoute({
    method: 'GET',
    path: '/inquiries/{id}',
    auth: 'public',
    summary: 'The inquirer follows its inquiry with its access token',
    description: 'An unknown id and a wrong token are the same 404. Contact data are not shown here.',
    tags,
    params: inquiryIdParams,
    query: inquiryTokenQuery,
    response: { status: 200, schema: inquiryPublicViewSchema },
  }),
  case: defineRoute({
    method: 'GET',
    path: '/inquiries/{id}/case',
    auth: staff,
    summary: 'The full inquiry, with the inquirer’s contact, for its responsible akimat or the ministry',
    tags,
    params: inquiryIdParams,
    response: { status: 200, schema: inquiryStaffViewSchema },
  }),
  list: defineRoute({
    method: 'GET',
    path: '/inquiries',
    auth: staff,
    summary: 'Inquiries to answer: an akimat its region’s; the ministry all, or one responsible party’s',
    description:
      '`region` is the responsible party (an akimat’s KATO code or `ministry`); an akimat may only name its own. ' +
      'Newest first within each status: new, in-progress, answered. `overdue` is computed from the clock.',
    tags,
    query: listInquiriesQuery,
    response: { status: 200, schema: inquiryPageResponse },
  }),
  take: defineRoute({
    method: 'POST',
    path: '/inquiries/{id}/take',
    auth: staff,
    summary: 'The responsible party takes a new inquiry into work (new → in-progress)',
    description: '409 unless the inquiry is new; 403 for anyone but the akimat it is routed to (or the ministry for national ones).',
    tags,
    params: inquiryIdParams,
    response: { status: 200, schema: inquiryStaffViewSchema },
  }),
  answer: defineRoute({
    method: 'POST',
    path: '/inquiries/{id}/answer',
    auth: staff,
    summary: 'The responsible party answers an inquiry it has taken (in-progress → answered), once',
    description: 'The answer is emailed to the inquirer when it gave an email. A second answer is refused with 409.',
    tags,
    params: inquiryIdParams,
    body: answerInquiryBody,
    maxBodyBytes: INQUIRY_MAX_BODY_BYTES,
    response: { status: 200, schema: inquiryStaffViewSchema },
  }),
};
