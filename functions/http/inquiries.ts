/**
 * The МЭКС contact centre: anyone files an inquiry and follows it with its access token; the responsible akimat or
 * the ministry lists, takes and answers inquiries.
 */
import { inquiryStore } from '../../shared/adapters/inquiry-store.js';
import { pageBody } from '../../shared/adapters/pagination.js';
import { inquiryConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { inquiriesRoutes } from '../../shared/http/routes/inquiries.js';
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

export const handler = httpApi(inquiriesRoutes, {
  file: async ({ body }) => {
    const { inquiry, accessToken } = await fileInquiry(deps, body);
    return { body: { ...inquiryPublicView(inquiry), accessToken }, headers: { Location: `/inquiries/${inquiry.id}` } };
  },

  follow: async ({ params, query }) => ({ body: inquiryPublicView(await inquiryForToken(deps, params.id, query.token)) }),

  case: async ({ caller, params }) => ({ body: inquiryStaffView(await inquiryForStaff(deps, caller, params.id)) }),

  list: async ({ caller, query: q }) => {
    const page = await listInquiries(
      deps,
      caller,
      { ...(q.region ? { region: q.region } : {}), ...(q.status ? { status: q.status } : {}) },
      { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
    );
    return { body: pageBody({ ...page, items: page.items.map((i) => inquiryStaffView(i)) }) };
  },

  take: async ({ caller, params }) => ({ body: inquiryStaffView(await takeInquiry(deps, caller, params.id)) }),

  answer: async ({ caller, params, body }) => ({ body: inquiryStaffView(await answerInquiry(deps, caller, params.id, body.text)) }),
});
