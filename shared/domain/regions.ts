/**
 * Kazakhstan's top-level administrative units (17 regions and 3 cities of republican significance),
 * identified by their KATO code and ISO 3166-2 code.
 *
 * @module
 */

/** A display language of the platform: Kazakh, Russian or English. */
export type Lang = 'kk' | 'ru' | 'en';

/** A name in each of the platform's three languages. */
export type LocalizedName = Readonly<Record<Lang, string>>;

/** A top-level region or city of republican significance. */
export interface Region {
  /** 9-digit KATO code ending in seven zeros, e.g. `'750000000'`. */
  readonly kato: string;
  /** ISO 3166-2 code, e.g. `'KZ-75'`. */
  readonly iso: string;
  readonly name: LocalizedName;
}

/** All 20 top-level regions, in KATO order. */
export const REGIONS: readonly Region[] = Object.freeze([
  { kato: '100000000', iso: 'KZ-10', name: { kk: 'Абай облысы', ru: 'Абайская область', en: 'Abai Region' } },
  { kato: '110000000', iso: 'KZ-11', name: { kk: 'Ақмола облысы', ru: 'Акмолинская область', en: 'Akmola Region' } },
  { kato: '150000000', iso: 'KZ-15', name: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область', en: 'Aktobe Region' } },
  { kato: '190000000', iso: 'KZ-19', name: { kk: 'Алматы облысы', ru: 'Алматинская область', en: 'Almaty Region' } },
  { kato: '230000000', iso: 'KZ-23', name: { kk: 'Атырау облысы', ru: 'Атырауская область', en: 'Atyrau Region' } },
  {
    kato: '270000000',
    iso: 'KZ-27',
    name: { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область', en: 'West Kazakhstan Region' },
  },
  { kato: '310000000', iso: 'KZ-31', name: { kk: 'Жамбыл облысы', ru: 'Жамбылская область', en: 'Zhambyl Region' } },
  { kato: '330000000', iso: 'KZ-33', name: { kk: 'Жетісу облысы', ru: 'Жетісуская область', en: 'Zhetisu Region' } },
  {
    kato: '350000000',
    iso: 'KZ-35',
    name: { kk: 'Қарағанды облысы', ru: 'Карагандинская область', en: 'Karaganda Region' },
  },
  { kato: '390000000', iso: 'KZ-39', name: { kk: 'Қостанай облысы', ru: 'Костанайская область', en: 'Kostanay Region' } },
  {
    kato: '430000000',
    iso: 'KZ-43',
    name: { kk: 'Қызылорда облысы', ru: 'Кызылординская область', en: 'Kyzylorda Region' },
  },
  {
    kato: '470000000',
    iso: 'KZ-47',
    name: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область', en: 'Mangystau Region' },
  },
  { kato: '550000000', iso: 'KZ-55', name: { kk: 'Павлодар облысы', ru: 'Павлодарская область', en: 'Pavlodar Region' } },
  {
    kato: '590000000',
    iso: 'KZ-59',
    name: { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область', en: 'North Kazakhstan Region' },
  },
  {
    kato: '610000000',
    iso: 'KZ-61',
    name: { kk: 'Түркістан облысы', ru: 'Туркестанская область', en: 'Turkistan Region' },
  },
  { kato: '620000000', iso: 'KZ-62', name: { kk: 'Ұлытау облысы', ru: 'область Ұлытау', en: 'Ulytau Region' } },
  {
    kato: '630000000',
    iso: 'KZ-63',
    name: { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область', en: 'East Kazakhstan Region' },
  },
  { kato: '710000000', iso: 'KZ-71', name: { kk: 'Астана қаласы', ru: 'город Астана', en: 'Astana' } },
  { kato: '750000000', iso: 'KZ-75', name: { kk: 'Алматы қаласы', ru: 'город Алматы', en: 'Almaty' } },
  { kato: '790000000', iso: 'KZ-79', name: { kk: 'Шымкент қаласы', ru: 'город Шымкент', en: 'Shymkent' } },
].map((region) => Object.freeze({ ...region, name: Object.freeze(region.name) })));

const BY_KATO = new Map(REGIONS.map((region) => [region.kato, region]));
const BY_PREFIX = new Map(REGIONS.map((region) => [region.kato.slice(0, 2), region.kato]));

/**
 * Codes that were reassigned and so cannot be resolved by their first two digits.
 * Shymkent was a city inside South Kazakhstan region (51) until it became a city of
 * republican significance in 2018; documents from before then still carry its old code.
 */
const LEGACY_CODES: ReadonlyMap<string, string> = new Map([['511010000', '790000000']]);

/**
 * Looks up a top-level region by its exact KATO code.
 *
 * @param kato - a 9-digit top-level KATO code such as `'350000000'`
 * @returns the region, or `undefined` if the code is not one of the 20 top-level codes
 */
export function regionByKato(kato: string): Region | undefined {
  return BY_KATO.get(kato);
}

/**
 * Whether `kato` is exactly one of the 20 top-level region codes (not a district or settlement code).
 *
 * @param kato - the candidate code
 */
export function isRegionKato(kato: string): boolean {
  return BY_KATO.has(kato);
}

/**
 * Maps any 9-digit KATO code (region, district, settlement) to its top-level region code.
 *
 * Only the legacy Shymkent code is translated; other pre-2018 South Kazakhstan (51…) codes and codes
 * issued before the 2022 creation of Abai, Zhetisu and Ulytau regions are not, because their new
 * region depends on the district and no such table is kept here.
 *
 * @param code - a 9-digit KATO code
 * @returns the top-level KATO code, or `undefined` when the code is malformed or its prefix is unknown
 */
export function topLevelKato(code: string): string | undefined {
  if (!/^\d{9}$/.test(code)) return undefined;
  return LEGACY_CODES.get(code) ?? BY_PREFIX.get(code.slice(0, 2));
}
