/**
 * Routes of the contractors function: registration, verification, profile, subscriptions and unsubscribing.
 */
import { defineRoute } from '../route.js';
import {
  contractorViewResponse,
  putSubscriptionsBody,
  registerContractorBody,
  resendReceiptResponse,
  unsubscribedResponse,
  unsubscribeQuery,
  verifyContractorBody,
} from '../../schemas/contractors.js';

const tags = ['contractors'];

export const contractorsRoutes = {
  register: defineRoute({
    method: 'POST',
    path: '/contractors',
    auth: ['contractor'],
    summary: "Register the calling contractor's organisation by BIN",
    description: 'A verification email is sent to the given address; subscriptions become active once it is verified.',
    tags,
    body: registerContractorBody,
    response: { status: 201, schema: contractorViewResponse, headers: { Location: 'The contractor’s profile: `/contractors/me`' } },
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/contractors/verify',
    auth: 'public',
    summary: 'Verify a contractor account with the token from its verification email',
    tags,
    body: verifyContractorBody,
    response: { status: 200, schema: contractorViewResponse },
  }),
  profile: defineRoute({
    method: 'GET',
    path: '/contractors/me',
    auth: ['contractor'],
    summary: "The calling contractor's profile",
    tags,
    response: { status: 200, schema: contractorViewResponse },
  }),
  resendVerification: defineRoute({
    method: 'POST',
    path: '/contractors/me/verification',
    auth: ['contractor'],
    summary: 'Resend the verification email, with a new link (the previous link stops working)',
    description:
      'For a registered contractor whose email is not verified yet. Rate-limited per contractor: once a minute ' +
      '(counting the registration email) and 10 times a day (Almaty time); over the limit the answer is 429 with ' +
      '`Retry-After` in seconds. 409 when the contractor is already verified, 404 when it is not registered.',
    tags,
    response: { status: 202, schema: resendReceiptResponse },
    errors: ['Conflict', 'TooManyRequests'],
  }),
  replaceSubscriptions: defineRoute({
    method: 'PUT',
    path: '/contractors/me/subscriptions',
    auth: ['contractor'],
    summary: 'Replace the calling contractor’s regions × sectors',
    tags,
    body: putSubscriptionsBody,
    response: { status: 200, schema: contractorViewResponse },
  }),
  unsubscribePage: defineRoute({
    method: 'GET',
    path: '/unsubscribe',
    auth: 'public',
    summary: 'The page behind an email’s unsubscribe link (a button; opening it changes nothing)',
    tags,
    query: unsubscribeQuery,
    response: { status: 200, contentType: 'text/html', description: 'The page with its one button' },
  }),
  unsubscribe: defineRoute({
    method: 'POST',
    path: '/unsubscribe',
    auth: 'public',
    summary: 'One-click unsubscribe (RFC 8058) from notification emails',
    description: 'Accepts the form body `List-Unsubscribe=One-Click` that mail clients send, or no body.',
    tags,
    query: unsubscribeQuery,
    acceptsForm: true,
    response: {
      status: 200,
      schema: unsubscribedResponse,
      alternatives: { 200: { description: 'A confirmation page, when the request accepts `text/html`', contentType: 'text/html' } },
    },
  }),
};
