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
