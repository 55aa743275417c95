/** BIN checking as the user types, with the shared rules (`shared/domain/bin.ts`) and translated reasons. */
import { binProblem } from '../../shared/domain/bin.js';
import type { MessageKey } from './i18n/index.js';

/** The message key explaining what is wrong with `value`, or undefined when it is a valid BIN. */
export const binProblemKey = (value: string): MessageKey | undefined => {
  const problem = binProblem(value);
  if (!problem) return undefined;
  if (problem.includes('12 digits')) return 'bin.length';
  if (problem.includes('month')) return 'bin.month';
  if (problem.includes('entity type')) return 'bin.type';
  if (problem.includes('attribute')) return 'bin.attribute';
  return 'bin.check';
};

/** Two valid demo BINs (the worked examples of the check-digit rule) offered on the development sign-in page. */
export const DEMO_BINS = ['940140000385', '961141000023'] as const;
