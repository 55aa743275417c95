/**
 * Names of regions, sectors and statuses in the display language, from the shared domain modules (the same data
 * the API validates against).
 */
import { COMPETITION_STATUSES, PUBLIC_STATUSES, CANCELLATION_REASONS, type CompetitionStatus } from '../../shared/domain/competition.js';
import { regionByKato, REGIONS, type Lang } from '../../shared/domain/regions.js';
import { SECTOR_CODES, SECTORS, type Sector } from '../../shared/domain/sectors.js';

export { CANCELLATION_REASONS, COMPETITION_STATUSES, PUBLIC_STATUSES, REGIONS, SECTOR_CODES };
export type { CompetitionStatus, Sector };

export const regionName = (kato: string | undefined, lang: Lang): string =>
  (kato && regionByKato(kato)?.name[lang]) ?? kato ?? '—';

export const sectorName = (code: string | undefined, lang: Lang): string =>
  code && code in SECTORS ? SECTORS[code as Sector].name[lang] : (code ?? '—');

/** Regions sorted by their name in the display language. */
export const sortedRegions = (lang: Lang) =>
  [...REGIONS].sort((a, b) => a.name[lang].localeCompare(b.name[lang], lang === 'en' ? 'en' : 'ru'));

/** A title in the display language, falling back to Russian (the one language every title has). */
export const localized = (title: Partial<Record<Lang, string>> | undefined, lang: Lang): string =>
  title?.[lang] || title?.ru || title?.kk || title?.en || '—';
