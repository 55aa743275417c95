/**
 * Facts of a `competition.published` event that the publication email prints: what was published, not what the
 * competition says when the matcher reads it (an amendment a few milliseconds later must not rewrite the email).
 * The dispatcher writes them into the match job, the matcher prefers them to the competition's current values.
 */
export const SNAPSHOT_FACTS = {
  /** JSON of the published title (`{ ru, kk?, en? }`). */
  title: 'publishedTitle',
  /** The published estimated value (a tenge decimal string). */
  value: 'publishedValue',
  /** The published bid deadline (ISO instant). */
  deadline: 'publishedDeadline',
} as const;
