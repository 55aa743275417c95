/**
 * Request and response schemas of the contractor routes (zod/mini).
 */
import * as z from 'zod/mini';
import { binSchema, boundedText, emailSchema, languageSchema, subscriptionsSchema } from './common.js';
import { deferred } from './deferred.js';

export const registerContractorBody = deferred(() => z.strictObject({
  bin: binSchema,
  name: boundedText(300),
  email: emailSchema,
  language: languageSchema,
  subscriptions: z.optional(subscriptionsSchema),
}));

export const verifyContractorBody = deferred(() => z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(200)),
}));

export const putSubscriptionsBody = deferred(() => z.strictObject({ subscriptions: subscriptionsSchema }));

export const unsubscribeQuery = deferred(() => z.strictObject({ token: z.string().check(z.regex(/^[\w-]{16,100}$/, 'not an unsubscribe token')) }));

export const contractorViewResponse = deferred(() => z.object({
  bin: z.string(),
  name: z.string(),
  email: z.string(),
  language: languageSchema,
  status: z.enum(['pending', 'verified']),
  subscriptions: subscriptionsSchema,
  registeredAt: z.string(),
  verifiedAt: z.optional(z.string()),
}));

export const resendReceiptResponse = deferred(() => z.object({
  email: z.string(),
  sentAt: z.string(),
  resendsToday: z.number(),
  resendsLeftToday: z.number(),
  nextResendAt: z.string().check(z.describe('The earliest time of the next resend')),
}));

export const unsubscribedResponse = deferred(() => z.object({ unsubscribed: z.boolean() }));
