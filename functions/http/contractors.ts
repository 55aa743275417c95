/**
 * Contractor registration, verification and profile.
 */
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { config } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { parseInput } from '../../shared/http/validation.js';
import { putSubscriptionsBody, registerContractorBody, unsubscribeQuery, verifyContractorBody } from '../../shared/schemas/contractors.js';
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

export const handler = httpApi({
  'POST /contractors': async ({ caller, body }) => {
    const input = parseInput(registerContractorBody, body);
    const contractor = await registerContractor(contractorStore, caller!, input);
    return { statusCode: 201, body: contractorView(contractor), headers: { Location: '/contractors/me' } };
  },
  'POST /contractors/verify': async ({ body }) => {
    const { token } = parseInput(verifyContractorBody, body);
    return { statusCode: 200, body: contractorView(await verifyContractor(contractorStore, token)) };
  },
  'GET /contractors/me': async ({ caller }) => ({
    statusCode: 200,
    body: contractorView(await getOwnContractor(contractorStore, caller!)),
  }),
  'POST /contractors/me/verification': async ({ caller }) => ({
    statusCode: 202,
    body: await resendVerification(contractorStore, caller!),
  }),
  'GET /unsubscribe': async ({ query }) => {
    const { token } = parseInput(unsubscribeQuery, query, 'query');
    return { statusCode: 200, body: unsubscribePage(token), headers: { 'Content-Type': 'text/html; charset=utf-8' } };
  },
  'POST /unsubscribe': async ({ query, headers }) => {
    const { token } = parseInput(unsubscribeQuery, query, 'query');
    const result = await unsubscribeByToken(contractorStore, token);
    return (headers.accept ?? '').includes('text/html')
      ? { statusCode: 200, body: unsubscribedPage(), headers: { 'Content-Type': 'text/html; charset=utf-8' } }
      : { statusCode: 200, body: result };
  },
  'PUT /contractors/me/subscriptions': async ({ caller, body }) => {
    const { subscriptions } = parseInput(putSubscriptionsBody, body);
    return { statusCode: 200, body: contractorView(await replaceSubscriptions(contractorStore, caller!, subscriptions)) };
  },
}, { formRoutes: ['POST /unsubscribe'], contentSecurityPolicy: UNSUBSCRIBE_PAGE_POLICY });
