/**
 * Reads SES event-publishing notifications (configuration set → SNS): which addresses must never be mailed again.
 * Transient (soft) bounces are not suppressed: the mailbox may recover.
 */
export interface Suppression {
  readonly email: string;
  readonly reason: 'bounce' | 'complaint';
}

interface SesNotification {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string; destination?: string[]; headers?: { name?: string; value?: string }[] };
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

export const addressesToSuppress = (notification: unknown): Suppression[] => {
  const n = (notification ?? {}) as SesNotification;
  const type = n.eventType ?? n.notificationType;
  if (type === 'Bounce' && n.bounce?.bounceType === 'Permanent') {
    return (n.bounce.bouncedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ email: r.emailAddress, reason: 'bounce' as const }] : []));
  }
  if (type === 'Complaint') {
    return (n.complaint?.complainedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ email: r.emailAddress, reason: 'complaint' as const }] : []));
  }
  return [];
};

/** The header naming the event of an email the mailer sends; SES's `Send` event carries it back (`mail.headers`). */
export const EVENT_HEADER = 'X-Konkurs-Event';

export interface SentMail {
  readonly eventId: string;
  readonly recipients: readonly string[];
  readonly messageId: string;
}

/** A `Send` event of an email the mailer sent (it names its event in a header): which ledger entries it confirms. */
export const sentMail = (notification: unknown, eventHeader: string): SentMail | undefined => {
  const n = (notification ?? {}) as SesNotification;
  if ((n.eventType ?? n.notificationType) !== 'Send' || !n.mail) return undefined;
  const header = eventHeader.toLowerCase();
  const eventId = n.mail.headers?.find((h) => h.name?.toLowerCase() === header)?.value;
  const recipients = (n.mail.destination ?? []).filter((r): r is string => typeof r === 'string' && r.length > 0);
  if (!eventId || recipients.length === 0) return undefined;
  return { eventId, recipients, messageId: n.mail.messageId ?? '' };
};
