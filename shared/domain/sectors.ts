/**
 * The utility sectors covered by the МЭКС programme and their mapping to OC4IDS project sectors.
 *
 * @module
 */

import type { Lang, LocalizedName } from './regions.js';

/** Sector codes, as a tuple so that `z.enum(SECTOR_CODES)` works. */
export const SECTOR_CODES = ['heat', 'water', 'sewerage', 'electricity', 'gas'] as const;

/** One of the МЭКС utility sectors. */
export type Sector = (typeof SECTOR_CODES)[number];


/** The OC4IDS `projectSector` codes that the МЭКС sectors fall under. */
export type Oc4idsSector = 'energy' | 'waterAndWaste';

/** Display names and OC4IDS classification of a sector. */
export interface SectorInfo {
  readonly code: Sector;
  readonly name: LocalizedName;
  readonly oc4ids: Oc4idsSector;
}

/** Every sector with its names and OC4IDS sector, keyed by code. */
export const SECTORS: Readonly<Record<Sector, SectorInfo>> = Object.freeze({
  heat: {
    code: 'heat',
    name: { kk: 'Жылумен жабдықтау', ru: 'Теплоснабжение', en: 'Heat supply' },
    oc4ids: 'energy',
  },
  water: {
    code: 'water',
    name: { kk: 'Сумен жабдықтау', ru: 'Водоснабжение', en: 'Water supply' },
    oc4ids: 'waterAndWaste',
  },
  sewerage: {
    code: 'sewerage',
    name: {
      kk: 'Су бұру және ағынды суларды тазарту',
      ru: 'Водоотведение и очистка сточных вод',
      en: 'Sewerage and wastewater treatment',
    },
    oc4ids: 'waterAndWaste',
  },
  electricity: {
    code: 'electricity',
    name: { kk: 'Электр желілері', ru: 'Электрические сети', en: 'Electricity networks' },
    oc4ids: 'energy',
  },
  gas: {
    code: 'gas',
    name: { kk: 'Газ желілері', ru: 'Газовые сети', en: 'Gas networks' },
    oc4ids: 'energy',
  },
});

/**
 * Whether `value` is a known sector code; useful to narrow untyped input.
 *
 * @param value - the candidate code
 */
export function isSector(value: string): value is Sector {
  return (SECTOR_CODES as readonly string[]).includes(value);
}

/**
 * The display name of a sector.
 *
 * @param code - the sector code
 * @param lang - the display language
 */
export function sectorName(code: Sector, lang: Lang): string {
  return SECTORS[code].name[lang];
}

/**
 * The OC4IDS `projectSector` code for a sector.
 *
 * @param code - the sector code
 */
export function oc4idsSector(code: Sector): Oc4idsSector {
  return SECTORS[code].oc4ids;
}
