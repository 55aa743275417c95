/**
 * Contractor registration, verification and profile.
 */
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { config } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { contractorsRoutes } from '../../shared/http/routes/contractors.js';
import { UNSUBSCRIBE_STYLE_SOURCE, unsubscribedPage, unsubscribePage } from '../../shared/mail/unsubscribe-page.js';
import {
  contractorView,
  getOwnContractor,
  registerContractor,
  replaceSubscriptions,
  resendVerification,
  unsubscribeByToken,
  verifyContractor,
} from '../../shared/use-cases/contractors.js';

/**
 * The only HTML of this function is the unsubscribe page, whose button posts a form to its own URL: forms may go to
 * the page's own origin (`'self'`, and the API's origin by name, which the emailed link uses: browsers differ on what
 * `'self'` means in a sandboxed document) and the sandbox allows forms; its one stylesheet is admitted by hash;
 * everything else stays refused (no scripts, no other styles, frames or plugins).
 */
const UNSUBSCRIBE_PAGE_POLICY = {
  'form-action': `'self' ${new URL(config.API_BASE_URL).origin}`,
  sandbox: 'allow-forms',
  'style-src': UNSUBSCRIBE_STYLE_SOURCE,
};

const html = { 'Content-Type': 'text/html; charset=utf-8' };

export const handler = httpApi(
  contractorsRoutes,
  {
    register: async ({ caller, body }) => ({
      body: contractorView(await registerContractor(contractorStore, caller, body)),
      headers: { Location: '/contractors/me' },
    }),
    verify: async ({ body }) => ({ body: contractorView(await verifyContractor(contractorStore, body.token)) }),
    profile: async ({ caller }) => ({ body: contractorView(await getOwnContractor(contractorStore, caller)) }),
    resendVerification: async ({ caller }) => ({ body: await resendVerification(contractorStore, caller) }),
    unsubscribePage: async ({ query }) => ({ body: unsubscribePage(query.token), headers: html }),
    unsubscribe: async ({ query, headers }) => {
      const result = await unsubscribeByToken(contractorStore, query.token);
      return (headers.accept ?? '').includes('text/html') ? { body: unsubscribedPage(), headers: html } : { body: result };
    },
    replaceSubscriptions: async ({ caller, body }) => ({
      body: contractorView(await replaceSubscriptions(contractorStore, caller, body.subscriptions)),
    }),
  },
  { contentSecurityPolicy: UNSUBSCRIBE_PAGE_POLICY },
);
