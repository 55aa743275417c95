import * as z from 'zod/mini';
import { binSchema, boundedText, emailSchema, languageSchema, subscriptionsSchema } from './common.js';

export const registerContractorBody = z.strictObject({
  bin: binSchema,
  name: boundedText(300),
  email: emailSchema,
  language: languageSchema,
  subscriptions: z.optional(subscriptionsSchema),
});

export const verifyContractorBody = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(200)),
});

export const putSubscriptionsBody = z.strictObject({ subscriptions: subscriptionsSchema });

export const unsubscribeQuery = z.strictObject({ token: z.string().check(z.regex(/^[\w-]{16,100}$/, 'not an unsubscribe token')) });
