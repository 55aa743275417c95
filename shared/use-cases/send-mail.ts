/**
 * Sends one mail job exactly once per (event, recipient): a conditional claim in the ledger comes first, the send
 * second, and the claim is released when the send fails so a retry can take it. No AWS here (ports only).
 */
import { randomUUID } from 'node:crypto';
import type { MailJob } from '../mail/mail-job.js';
import { EVENT_HEADER } from '../mail/ses-feedback.js';
import { renderEmail, type RenderedEmail } from '../mail/templates.js';

export type ClaimResult = { status: 'claimed'; lease: string } | { status: 'sent' } | { status: 'busy' };

export interface MailLedger {
  /** Claims (event, recipient) for `leaseSeconds`; `sent` when it already went out, `busy` while another holds it. */
  claim(eventId: string, recipient: string, lease: string, leaseSeconds: number): Promise<ClaimResult>;
  markSent(eventId: string, recipient: string, lease: string, messageId: string): Promise<void>;
  release(eventId: string, recipient: string, lease: string): Promise<void>;
  /**
   * Marks (event, recipient) sent from SES's own record of the send (its `Send` event), unless it is marked already:
   * a send whose mailer died before `markSent` is not sent again when its lease runs out.
   */
  confirmSent(eventId: string, recipient: string, messageId: string): Promise<void>;
}


export interface OutgoingEmail extends RenderedEmail {
  readonly to: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EmailSender {
  /** Returns the provider's message id. Throws `ThrottledError` when the provider asks to slow down. */
  send(email: OutgoingEmail): Promise<string>;
}

export class ThrottledError extends Error {
  override name = 'ThrottledError';
}

/** A job that can never succeed; the consumer reports it failed so it lands in the DLQ for a human. */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
}

export interface Links {
  readonly portalBaseUrl: string;
  readonly apiBaseUrl: string;
}

/** The action link of a job: where the button in the email leads. */
export const actionLink = (job: MailJob, links: Links): string => {
  switch (job.template) {
    case 'verify-email':
      return `${links.portalBaseUrl}/verify?token=${encodeURIComponent(job.vars.token ?? '')}`;
    case 'inquiry-answered':
      // Only the token's hash is stored, so the link names the inquiry and the inquirer brings its token.
      return `${links.portalBaseUrl}/inquiries/${encodeURIComponent(job.vars.inquiryId ?? '')}`;
    case 'milestone-overdue':
      return `${links.portalBaseUrl}/contracts/${encodeURIComponent(job.vars.contractId ?? '')}`;
    case 'financing-decided':
      // The akimat's financing page lists its applications with their decisions (and resubmits a returned one).
      return `${links.portalBaseUrl}/akimat/financing`;
    default:
      return `${links.portalBaseUrl}/competitions/${encodeURIComponent(job.vars.competitionId ?? '')}`;
  }
};

/** The one-click unsubscribe URL (RFC 8058) of a subscription notification. */
export const unsubscribeUrl = (token: string, links: Links): string =>
  `${links.apiBaseUrl}/unsubscribe?token=${encodeURIComponent(token)}`;

export interface SuppressionList {
  isSuppressed(email: string): Promise<boolean>;
}

export type SendOutcome = 'sent' | 'duplicate' | 'suppressed';

/** How long a claim protects a send in progress; longer than one SES call by far. */
const LEASE_SECONDS = 120;

export const sendMailJob = async (
  deps: { ledger: MailLedger; sender: EmailSender; links: Links; suppressions: SuppressionList; pace?: () => Promise<void> },
  job: MailJob,
): Promise<SendOutcome> => {
  if (await deps.suppressions.isSuppressed(job.to)) return 'suppressed';
  const lease = randomUUID();
  const claim = await deps.ledger.claim(job.eventId, job.to, lease, LEASE_SECONDS);
  if (claim.status === 'sent') return 'duplicate';
  // Another delivery of the same job is sending right now: fail this one so it comes back, rather than risk a loss.
  if (claim.status === 'busy') throw new Error(`mail ${job.eventId} → recipient is being sent by another delivery`);
  const unsubscribe = job.unsubscribeToken ? unsubscribeUrl(job.unsubscribeToken, deps.links) : undefined;
  const rendered = renderEmail(job.template, job.language, job.vars, actionLink(job, deps.links), unsubscribe);
  const headers: Record<string, string> = {
    [EVENT_HEADER]: job.eventId,
    ...(unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
  try {
    await deps.pace?.();
    const messageId = await deps.sender.send({ ...rendered, to: job.to, headers });
    await deps.ledger.markSent(job.eventId, job.to, lease, messageId);
    return 'sent';
  } catch (error) {
    await deps.ledger.release(job.eventId, job.to, lease);
    throw error;
  }
};
