/**
 * A mail job: one email for one recipient about one event. The dispatcher and matcher enqueue them; the mailer sends
 * each once, keyed by (eventId, recipient email).
 */
import * as z from 'zod/mini';
import { LANGUAGES } from '../domain/contractor.js';
import { formatTenge } from '../domain/money.js';
import type { EventRoute, OutboundMessage } from '../queue/outbound.js';
import { deferred } from '../schemas/deferred.js';

export const TEMPLATE_NAMES = [
  'verify-email',
  'competition-published',
  'competition-amended',
  'question-answered',
  'competition-cancelled',
  'deadline-reminder',
  'bids-opened-akimat',
  'bids-opened-bidder',
  'competition-awarded',
  'competition-unsuccessful',
  'complaint-filed',
  'complaint-decided',
  'inquiry-answered',
  'milestone-overdue',
  'financing-decided',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const mailJobSchema = deferred(() => z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(100)),
  template: z.enum(TEMPLATE_NAMES),
  to: z.email(),
  language: z.enum(LANGUAGES),
  /** The contractor the email is for, when there is one: its unsubscribe link names it. */
  bin: z.optional(z.string()),
  vars: z.record(z.string(), z.string().check(z.maxLength(20_000))),
  /** Present on notifications a subscription caused: the one-click unsubscribe link carries it. */
  unsubscribeToken: z.optional(z.string().check(z.regex(/^[\w-]{16,100}$/))),
}));

export type MailJob = z.infer<typeof mailJobSchema>;

const mail = (job: MailJob): OutboundMessage => ({ queue: 'mail', id: `${job.eventId}:${job.to}`, body: job });

/** The mail queue's routing: direct emails, whose one recipient is known from the event itself. */
export const mailRoutes: EventRoute = (event) => {
  switch (event.type) {
    case 'contractor.registered':
    case 'contractor.verification-resent': {
      // Imported registrations carry no token: they were verified long ago and mail nobody.
      if (event.data.verificationToken === undefined) return [];
      return [
        mail({
          eventId: event.eventId,
          template: 'verify-email',
          to: event.data.email,
          language: event.data.language,
          bin: event.subject.id,
          vars: { name: event.data.name, token: event.data.verificationToken },
        }),
      ];
    }
    case 'inquiry.answered': {
      // Only inquiries filed with an email are answered by mail; the others follow it with their access token.
      if (event.data.email === undefined) return [];
      return [
        mail({
          eventId: event.eventId,
          template: 'inquiry-answered',
          to: event.data.email,
          language: event.data.language,
          vars: { name: event.data.name, answer: event.data.answer, inquiryId: event.subject.id },
        }),
      ];
    }
    case 'contract.milestone-overdue': {
      // The responsible official (the akimat user who signed the contract); written once per milestone, mailed once.
      const to = event.data.official.email;
      if (to === undefined) return [];
      return [
        mail({
          eventId: event.eventId,
          template: 'milestone-overdue',
          to,
          language: 'ru',
          vars: {
            name: event.data.official.name,
            title: event.data.contractTitle,
            milestone: event.data.title,
            dueDate: event.data.dueDate,
            contractId: event.subject.id,
          },
        }),
      ];
    }
    case 'financing.decided': {
      // The akimat user who applied, once per decision; applications filed before the applicant was kept mail nobody.
      const to = event.data.applicant?.email;
      if (to === undefined) return [];
      return [
        mail({
          eventId: event.eventId,
          template: 'financing-decided',
          to,
          language: 'ru',
          vars: {
            title: event.data.projectTitle ?? event.data.projectId,
            decision: event.data.decision,
            route: event.data.route,
            amount: formatTenge(event.data.amount, 'ru'),
            ...(event.data.approvedAmount ? { approvedAmount: formatTenge(event.data.approvedAmount, 'ru') } : {}),
            text: event.data.text,
            applicationId: event.subject.id,
          },
        }),
      ];
    }
    default:
      return [];
  }
};
