/**
 * A mail job: one email for one recipient about one event. The dispatcher and matcher enqueue them; the mailer sends
 * each once, keyed by (eventId, recipient email).
 */
import * as z from 'zod/mini';
import { LANGUAGES } from '../domain/contractor.js';

export const TEMPLATE_NAMES = ['verify-email'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const mailJobSchema = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(100)),
  template: z.enum(TEMPLATE_NAMES),
  to: z.email(),
  language: z.enum(LANGUAGES),
  /** The contractor the email is for, when there is one: its unsubscribe link names it. */
  bin: z.optional(z.string()),
  vars: z.record(z.string(), z.string()),
});

export type MailJob = z.infer<typeof mailJobSchema>;
