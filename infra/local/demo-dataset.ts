/**
 * The МЭКС demo dataset: the programme as the government reported it on 4 March 2026 (`/work/shared/domain.md`) —
 * 309 projects worth 974 bn tenge in all 20 regions (34 in implementation, 130 at contractor determination, 145 at
 * selection), 144 with approved financing (89 through the Development Bank, 55 through the Housing Company), sewerage
 * plants 16 ready and 6 under revision, more than 800 contact-centre inquiries — with verified contractors, their
 * subscriptions and bids, and a readiness rating led by Almaty, Karaganda region and Almaty region and closed by
 * Mangystau and Ulytau.
 *
 * Deterministic: one fixed-seed generator decides everything; dates are relative to `now` (the platform clock).
 * Every item is built by the adapters' own item builders, and every state change comes with the outbox event
 * production writes for it (actor `import`: counted and published, nobody notified), so the monitoring aggregates are
 * computed from the table stream exactly as for live data.
 */
import { bidItem } from '../../shared/adapters/bid-store.js';
import { FINANCING_APPLICATION_MARK, financingApplicationItem } from '../../shared/adapters/financing-store.js';
import { competitionItem, LIVE_COMPETITION } from '../../shared/adapters/competition-store.js';
import { contractItem, supplierContractItem } from '../../shared/adapters/contract-store.js';
import type { Contract } from '../../shared/domain/contract.js';
import { contractorItem, subscriptionItem, unsubscribeItem } from '../../shared/adapters/contractor-store.js';
import { inquiryItem } from '../../shared/adapters/inquiry-store.js';
import { projectItem } from '../../shared/adapters/project-store.js';
import { eventPut } from '../../shared/adapters/table.js';
import { addWorkingDays, almatyDate, isWorkingDay } from '../../shared/domain/calendar.js';
import type { Bid, Competition } from '../../shared/domain/competition.js';
import type { Contractor, Subscription } from '../../shared/domain/contractor.js';
import { makeEvent, type DomainEvent, type EventFields, type EventPayloads, type EventType } from '../../shared/domain/events.js';
import { makeBin } from '../../shared/domain/bin.js';
import { projectFinancingOf, workingDaysFrom, type ApplicationRoute, type ApplicationStep, type FinancingApplication } from '../../shared/domain/financing.js';
import { IMPORT_ACTOR } from '../../shared/domain/imported-history.js';
import { formatMoneyString, parseMoney } from '../../shared/domain/money.js';
import { responseDeadline, routeInquiry, type Inquiry, type InquiryTopic } from '../../shared/domain/inquiry.js';
import { computePeriods } from '../../shared/domain/periods.js';
import type { FinancingRoute, FinancingStatus, Project, ProjectStage, Readiness } from '../../shared/domain/project.js';
import { REGIONS, type Lang, type LocalizedName } from '../../shared/domain/regions.js';
import type { Sector } from '../../shared/domain/sectors.js';
import type { ProjectRegisteredData } from '../../shared/domain/stats.js';
import { reminderAt } from '../../shared/domain/timers.js';
import { financingKeys, keys } from '../../shared/keys.js';
import { hashAccessToken } from '../../shared/use-cases/inquiries.js';

/** The generator's seed: the date of the government's report. */
export const DEMO_SEED = 20_260_304;

/** The figures of the government's report that the ministry views must show for this dataset. */
export const DEMO_FIGURES = Object.freeze({
  projects: 309,
  implementation: 34,
  contractorDetermination: 130,
  selection: 145,
  value: '974000000000',
  financingApproved: 144,
  developmentBank: 89,
  housingCompany: 55,
  /** Approved financing is "more than 300 bn tenge". */
  financingApprovedAmount: '318400000000',
  kosReady: 16,
  kosUnderRevision: 6,
  inquiries: 812,
  contractors: 120,
  leaders: ['750000000', '350000000', '190000000'],
  laggards: ['470000000', '620000000'],
});

// ---------------------------------------------------------------------------------------------------------------
// The plan per region: stage mix, financing, sewerage plants and the habits that decide its rating.

interface RegionPlan {
  readonly kato: string;
  readonly implementation: number;
  readonly determination: number;
  readonly selection: number;
  readonly approved: number;
  readonly sewerage: number;
  /** One of its sewerage plants is under revision, awaiting the akimat's decision. */
  readonly sewerageUnderRevision: boolean;
  /** Days from approval to publication, spread evenly over this range. */
  readonly speed: readonly [number, number];
  /** Share of its publications made by the planned date. */
  readonly onSchedule: number;
  /** Share of its projects at selection whose planned date has passed. */
  readonly overdue: number;
}

const plan = (
  kato: string,
  [implementation, determination, selection]: readonly [number, number, number],
  approved: number,
  sewerage: number,
  speed: readonly [number, number],
  onSchedule: number,
  overdue: number,
  sewerageUnderRevision = false,
): RegionPlan => ({ kato, implementation, determination, selection, approved, sewerage, sewerageUnderRevision, speed, onSchedule, overdue });

const REGION_PLANS: readonly RegionPlan[] = [
  plan('750000000', [6, 14, 4], 18, 2, [25, 55], 0.95, 0), // Almaty: the leader
  plan('350000000', [5, 12, 5], 15, 2, [40, 100], 0.9, 0.2), // Karaganda region
  plan('190000000', [4, 11, 6], 13, 2, [50, 120], 0.8, 0.34), // Almaty region
  plan('710000000', [3, 8, 8], 10, 2, [70, 160], 0.65, 0.38),
  plan('790000000', [2, 8, 6], 9, 1, [80, 170], 0.6, 0.5),
  plan('610000000', [2, 7, 9], 8, 2, [90, 190], 0.55, 0.56, true),
  plan('630000000', [2, 7, 7], 7, 1, [80, 180], 0.6, 0.43),
  plan('550000000', [2, 7, 6], 7, 1, [75, 175], 0.6, 0.5),
  plan('150000000', [1, 6, 7], 6, 1, [90, 200], 0.5, 0.57),
  plan('230000000', [1, 6, 6], 6, 1, [85, 190], 0.5, 0.5, true),
  plan('390000000', [1, 6, 7], 6, 1, [90, 195], 0.5, 0.57),
  plan('110000000', [1, 6, 7], 6, 1, [95, 200], 0.5, 0.57, true),
  plan('310000000', [1, 6, 7], 6, 1, [95, 205], 0.45, 0.57),
  plan('590000000', [1, 5, 7], 5, 1, [100, 210], 0.4, 0.57),
  plan('100000000', [1, 5, 7], 5, 1, [100, 215], 0.4, 0.57, true),
  plan('330000000', [1, 5, 6], 5, 0, [105, 215], 0.4, 0.5),
  plan('270000000', [0, 4, 9], 4, 1, [110, 220], 0.5, 0.67, true),
  plan('430000000', [0, 4, 10], 4, 0, [110, 225], 0.5, 0.7),
  plan('470000000', [0, 2, 12], 3, 1, [190, 260], 0, 0.84, true), // Mangystau: lags
  plan('620000000', [0, 1, 9], 1, 0, [245, 300], 0, 0.9), // Ulytau: last
];

// ---------------------------------------------------------------------------------------------------------------
// Places, titles, akimats and officials.

interface Place {
  readonly ru: string;
  readonly kk: string;
  readonly en: string;
  /** Kazakh genitive of the kind of place: "қаласының" (town) or "ауданының" (district). */
  readonly kkOf: string;
}

const town = (ru: string, kk: string, en: string): Place => ({ ru: `г. ${ru}`, kk, en, kkOf: 'қаласының' });
const district = (city: string, ru: string, kk: string, en: string): Place => ({ ru: `г. ${city}, ${ru}`, kk, en: `${en}, ${city === 'Алматы' ? 'Almaty' : 'Shymkent'}`, kkOf: 'ауданының' });

const PLACES: Readonly<Record<string, readonly Place[]>> = {
  '100000000': [town('Семей', 'Семей', 'Semey'), town('Аягоз', 'Аягөз', 'Ayagoz'), town('Курчатов', 'Курчатов', 'Kurchatov')],
  '110000000': [town('Кокшетау', 'Көкшетау', 'Kokshetau'), town('Степногорск', 'Степногорск', 'Stepnogorsk'), town('Щучинск', 'Щучинск', 'Shchuchinsk')],
  '150000000': [town('Актобе', 'Ақтөбе', 'Aktobe'), town('Хромтау', 'Хромтау', 'Khromtau'), town('Кандыагаш', 'Қандыағаш', 'Kandyagash')],
  '190000000': [town('Конаев', 'Қонаев', 'Konaev'), town('Есик', 'Есік', 'Esik'), town('Каскелен', 'Қаскелең', 'Kaskelen'), town('Талгар', 'Талғар', 'Talgar')],
  '230000000': [town('Атырау', 'Атырау', 'Atyrau'), town('Кульсары', 'Құлсары', 'Kulsary')],
  '270000000': [town('Уральск', 'Орал', 'Oral'), town('Аксай', 'Ақсай', 'Aksay')],
  '310000000': [town('Тараз', 'Тараз', 'Taraz'), town('Шу', 'Шу', 'Shu'), town('Каратау', 'Қаратау', 'Karatau')],
  '330000000': [town('Талдыкорган', 'Талдықорған', 'Taldykorgan'), town('Текели', 'Текелі', 'Tekeli'), town('Жаркент', 'Жаркент', 'Zharkent')],
  '350000000': [town('Караганда', 'Қарағанды', 'Karaganda'), town('Темиртау', 'Теміртау', 'Temirtau'), town('Балхаш', 'Балқаш', 'Balkhash'), town('Шахтинск', 'Шахтинск', 'Shakhtinsk')],
  '390000000': [town('Костанай', 'Қостанай', 'Kostanay'), town('Рудный', 'Рудный', 'Rudny'), town('Лисаковск', 'Лисаков', 'Lisakovsk')],
  '430000000': [town('Кызылорда', 'Қызылорда', 'Kyzylorda'), town('Аральск', 'Арал', 'Aral')],
  '470000000': [town('Актау', 'Ақтау', 'Aktau'), town('Жанаозен', 'Жаңаөзен', 'Zhanaozen')],
  '550000000': [town('Павлодар', 'Павлодар', 'Pavlodar'), town('Экибастуз', 'Екібастұз', 'Ekibastuz'), town('Аксу', 'Ақсу', 'Aksu')],
  '590000000': [town('Петропавловск', 'Петропавл', 'Petropavl'), town('Булаево', 'Булаев', 'Bulaevo')],
  '610000000': [town('Туркестан', 'Түркістан', 'Turkistan'), town('Кентау', 'Кентау', 'Kentau'), town('Арысь', 'Арыс', 'Arys')],
  '620000000': [town('Жезказган', 'Жезқазған', 'Zhezkazgan'), town('Сатпаев', 'Сәтбаев', 'Satbayev')],
  '630000000': [town('Усть-Каменогорск', 'Өскемен', 'Oskemen'), town('Риддер', 'Риддер', 'Ridder'), town('Алтай', 'Алтай', 'Altai')],
  '710000000': [town('Астана', 'Астана', 'Astana')],
  '750000000': [
    district('Алматы', 'Алатауский район', 'Алматы қаласы Алатау', 'Alatau district'),
    district('Алматы', 'Наурызбайский район', 'Алматы қаласы Наурызбай', 'Nauryzbay district'),
    district('Алматы', 'Турксибский район', 'Алматы қаласы Түрксіб', 'Turksib district'),
    town('Алматы', 'Алматы', 'Almaty'),
  ],
  '790000000': [town('Шымкент', 'Шымкент', 'Shymkent'), district('Шымкент', 'Каратауский район', 'Шымкент қаласы Қаратау', 'Karatau district')],
};

interface WorkTemplate {
  readonly ru: string;
  /** The Kazakh object phrase, after the place's genitive. */
  readonly kk: string;
  readonly en: string;
}

const WORKS: Readonly<Record<Sector, readonly WorkTemplate[]>> = {
  heat: [
    { ru: 'Реконструкция магистральных тепловых сетей', kk: 'магистральдық жылу желілерін реконструкциялау', en: 'Reconstruction of heating mains' },
    { ru: 'Модернизация районной котельной', kk: 'аудандық қазандығын жаңғырту', en: 'Modernisation of the district boiler house' },
    { ru: 'Замена котлоагрегата ТЭЦ', kk: 'ЖЭО қазандық агрегатын ауыстыру', en: 'Replacement of a CHP boiler unit' },
  ],
  water: [
    { ru: 'Реконструкция водопроводных сетей', kk: 'сумен жабдықтау желілерін реконструкциялау', en: 'Reconstruction of water supply networks' },
    { ru: 'Строительство водозаборных сооружений', kk: 'су тарту құрылыстарын салу', en: 'Construction of water intake facilities' },
    { ru: 'Модернизация насосных станций водоснабжения', kk: 'сумен жабдықтау сорғы станцияларын жаңғырту', en: 'Modernisation of water pumping stations' },
  ],
  sewerage: [
    { ru: 'Реконструкция канализационных очистных сооружений (КОС)', kk: 'кәріз тазарту құрылыстарын (КОС) реконструкциялау', en: 'Reconstruction of the wastewater treatment plant' },
    { ru: 'Строительство канализационных очистных сооружений (КОС)', kk: 'кәріз тазарту құрылыстарын (КОС) салу', en: 'Construction of a wastewater treatment plant' },
  ],
  electricity: [
    { ru: 'Реконструкция распределительных электрических сетей 10/0,4 кВ', kk: '10/0,4 кВ тарату электр желілерін реконструкциялау', en: 'Reconstruction of 10/0.4 kV distribution networks' },
    { ru: 'Модернизация подстанции 110/10 кВ', kk: '110/10 кВ қосалқы станциясын жаңғырту', en: 'Modernisation of the 110/10 kV substation' },
  ],
  gas: [
    { ru: 'Строительство газораспределительных сетей', kk: 'газ тарату желілерін салу', en: 'Construction of gas distribution networks' },
    { ru: 'Реконструкция газопроводов среднего давления', kk: 'орта қысымды газ құбырларын реконструкциялау', en: 'Reconstruction of medium-pressure gas pipelines' },
  ],
};

const PHASES: readonly LocalizedName[] = [
  { ru: '', kk: '', en: '' },
  { ru: ' (II очередь)', kk: ' (2-кезең)', en: ' (phase 2)' },
  { ru: ' (III очередь)', kk: ' (3-кезең)', en: ' (phase 3)' },
  { ru: ' (IV очередь)', kk: ' (4-кезең)', en: ' (phase 4)' },
];

const title = (work: WorkTemplate, place: Place, phase: number): LocalizedName => {
  const suffix = PHASES[Math.min(phase, PHASES.length - 1)]!;
  return {
    ru: `${work.ru}, ${place.ru}${suffix.ru}`,
    kk: `${place.kk} ${place.kkOf} ${work.kk}${suffix.kk}`,
    en: `${work.en}, ${place.en}${suffix.en}`,
  };
};

/** The akimat of a region, named after the region in each language. */
const akimatName = (region: (typeof REGIONS)[number]): LocalizedName => {
  const ru = region.name.ru
    .replace(/^город (.+)$/, 'города $1')
    .replace(/^область (.+)$/, 'области $1')
    .replace(/ская область$/, 'ской области');
  const isCity = ['710000000', '750000000', '790000000'].includes(region.kato);
  return {
    ru: `Акимат ${ru}`,
    kk: `${region.name.kk}ның әкімдігі`,
    en: `Akimat of ${region.name.en}${isCity ? ' city' : ''}`,
  };
};

const OFFICIALS: readonly string[] = [
  'Ерлан Сапаров', 'Айгуль Нурпеисова', 'Данияр Жумабаев', 'Гульнара Ахметова', 'Бауыржан Оспанов', 'Асель Касымова',
  'Нуржан Тулеуов', 'Жанар Сейткали', 'Марат Искаков', 'Динара Абдрахманова', 'Серик Бекмуханов', 'Алия Жакупова',
  'Ержан Турсунов', 'Сауле Мухамедиева', 'Канат Ермеков', 'Меруерт Смагулова', 'Тимур Калиев', 'Айжан Байжанова',
  'Руслан Ибраев', 'Зарина Омарова',
];

const POSITIONS: readonly string[] = [
  'Заместитель акима по вопросам ЖКХ',
  'Руководитель управления энергетики и жилищно-коммунального хозяйства',
  'Руководитель управления строительства',
];

const COMPANY_WORDS: readonly string[] = [
  'Жылу Құрылыс', 'ТеплоЭнергоМонтаж', 'Су Арнасы', 'KazWaterTech', 'Энергосеть Сервис', 'Газ Трасса', 'Астана Инжиниринг',
  'Сарыарқа СтройСервис', 'Алатау Коммунал', 'Ertis Engineering', 'Каспий Гидрострой', 'Шығыс Энерго', 'Tulpar Construction',
  'Жетісу Су Құбыры', 'Оңтүстік Газ', 'Nomad Utilities', 'Байтерек Монтаж', 'Ақ Жол Құрылыс', 'ЭлектроСетьСтрой', 'Steppe Pipe',
];
const COMPANY_SUFFIXES: readonly string[] = ['', ' Групп', ' KZ', ' Сервис', ' Строй', ' Инжиниринг'];

const PEOPLE: readonly string[] = [
  'Айгерим Сапарова', 'Нурлан Абенов', 'Ольга Ким', 'Бахыт Жунусов', 'Елена Петрова', 'Мадина Каирбекова', 'Азамат Рахимов',
  'Сергей Иванов', 'Гаухар Тлеубаева', 'Арман Садыков', 'Жулдыз Нурланова', 'Виктор Шевченко', 'Самал Ерденова', 'Аскар Мусин',
];

const INQUIRY_TEXTS: Readonly<Record<InquiryTopic, readonly string[]>> = {
  competition: [
    'Когда будет объявлен конкурс по реконструкции тепловых сетей в нашем городе?',
    'Можно ли участвовать в конкурсе консорциумом из двух компаний?',
    'Конкурс бойынша техникалық ерекшелікті қайдан жүктеуге болады?',
  ],
  registration: [
    'Не приходит письмо для подтверждения регистрации подрядчика.',
    'Как изменить регионы и отрасли подписки на уведомления?',
    'Мердігер ретінде тіркелу үшін қандай құжаттар қажет?',
  ],
  financing: [
    'На каких условиях Банк Развития Казахстана финансирует проекты МЭКС?',
    'Каковы сроки рассмотрения заявки на финансирование в холдинге «Байтерек»?',
    'Тұрғын үй компаниясы арқылы қаржыландыру қалай жүзеге асырылады?',
  ],
  project: [
    'Когда начнутся работы по замене водопровода на нашей улице?',
    'Почему проект КОС в нашем районе до сих пор на доработке?',
    'Біздің ауылдағы газ желісі жобасы қай кезеңде?',
  ],
  other: [
    'Где опубликованы ключевые показатели национального проекта МЭКС?',
    'Как подать жалобу на действия заказчика?',
    'МЭКС бағдарламасы бойынша есептер қайда жарияланады?',
  ],
};

const ANSWERS: readonly string[] = [
  'Благодарим за обращение. Информация направлена ответственному подразделению; срок публикации — согласно утверждённому графику.',
  'Ответ подготовлен: порядок и сроки указаны на платформе МЭКС в разделе проекта.',
  'Өтінішіңізге рахмет. Жауап жобаның бетінде жарияланды.',
];

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness and time.

/** mulberry32: a small, fast, well-mixed 32-bit generator; the same seed always gives the same dataset. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i += 1) out += this.int(0, 255).toString(16).padStart(2, '0');
    return out;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A token as `randomBytes(32).toString('base64url')` would give. */
  token(): string {
    return Buffer.from(this.hex(32), 'hex').toString('base64url');
  }
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A time-ordered id in the platform's form (`newId`), its random part from the generator. */
const idAt = (random: Random, ms: number): string => {
  let time = '';
  let value = ms;
  for (let i = 0; i < 10; i += 1) {
    time = ALPHABET[value % 32]! + time;
    value = Math.floor(value / 32);
  }
  let tail = '';
  for (let i = 0; i < 10; i += 1) tail += ALPHABET[random.int(0, 31)];
  return `${time}${tail}`;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `value × percent / 100` in whole tenge (tenge decimal strings). */
const shareOf = (value: string, percent: number): string => formatMoneyString(((parseMoney(value) * BigInt(percent)) / 10_000n) * 100n);

/**
 * A signed demo contract's implementation up to `now`, derived from its number `k` (no draws from the generator, so
 * every later figure stays as it was): two progress reports with acts of works and payments; the design milestone,
 * once due, met by the second report (two of three contracts) or found overdue by the sweep (every third, its
 * official named). Returns the contract as stored and its events, as the use cases write them.
 */
const implementationHistory = (signed: Contract, k: number, now: Date): { contract: Contract; events: DomainEvent[] } => {
  const signedMs = Date.parse(signed.dateSigned!);
  const span = now.getTime() - signedMs;
  const design = signed.milestones[0]!;
  const designDue = Date.parse(design.dueDate);
  const dueNow = designDue <= now.getTime() - HOUR_MS;
  const overdue = dueNow && k % 3 === 0;
  const p1 = 5 + ((k * 7) % 20);
  const p2 = p1 + 10 + ((k * 11) % 40);
  const first = new Date(signedMs + Math.floor(span / 3)).toISOString();
  // A met design milestone is reported two days before it is due; otherwise the second report is at two thirds.
  const second = new Date(dueNow && !overdue ? designDue - 2 * DAY_MS : signedMs + Math.floor((2 * span) / 3)).toISOString();
  const at1 = first < second ? first : new Date(Date.parse(second) - HOUR_MS).toISOString();
  let contract: Contract = { ...signed, milestones: signed.milestones.map((m) => ({ ...m })) };
  const events: DomainEvent[] = [];
  const base = { competitionId: signed.competitionId, kato: signed.kato };
  const report = (n: number, at: string, physicalProgress: number, milestoneId?: string) => {
    const before = contract.progress?.physicalProgress ?? 0;
    const worksTotal = shareOf(signed.value, physicalProgress);
    const paidTotal = shareOf(signed.value, Math.floor(physicalProgress * 0.8));
    const completedWorksValue = formatMoneyString(parseMoney(worksTotal) - parseMoney(contract.progress?.completedWorksValue ?? '0'));
    const paidAmount = formatMoneyString(parseMoney(paidTotal) - parseMoney(contract.progress?.paidAmount ?? '0'));
    const id = `${signed.id}-R${n}`;
    contract = {
      ...contract,
      progress: { physicalProgress, completedWorksValue: worksTotal, paidAmount: paidTotal },
      milestones: contract.milestones.map((m) => (m.id === milestoneId ? { ...m, metAt: at } : m)),
      reports: [...(contract.reports ?? []), { id, at, physicalProgress, completedWorksValue, paidAmount, ...(milestoneId ? { milestoneId } : {}) }],
      updatedAt: at,
      revision: contract.revision + 1,
    };
    events.push(
      makeEvent('contract.report-filed', {
        eventId: `import-report-${id}`,
        at,
        actor: IMPORT_ACTOR,
        subject: { kind: 'contract', id: signed.id },
        data: { ...base, reportId: id, physicalProgress, completedWorksValue, paidAmount, value: signed.value, physicalProgressBefore: before, ...(milestoneId ? { milestoneId } : {}) },
      }),
    );
  };
  report(1, at1, p1);
  report(2, second, p2, dueNow && !overdue ? design.id : undefined);
  if (overdue) {
    const at = new Date(Math.min(designDue + HOUR_MS, now.getTime() - 30 * 60_000)).toISOString();
    contract = {
      ...contract,
      milestones: contract.milestones.map((m) => (m.id === design.id ? { ...m, overdueNotifiedAt: at } : m)),
      updatedAt: at > contract.updatedAt ? at : contract.updatedAt,
      revision: contract.revision + 1,
    };
    events.push(
      makeEvent('contract.milestone-overdue', {
        eventId: `import-overdue-${signed.id}-${design.id}`,
        at,
        actor: IMPORT_ACTOR,
        subject: { kind: 'contract', id: signed.id },
        data: {
          kato: signed.kato,
          milestoneId: design.id,
          title: design.title,
          dueDate: design.dueDate,
          contractTitle: signed.title.ru,
          official: { name: signed.responsible!.name },
          akimat: signed.buyer.name,
          competitionId: signed.competitionId,
          projectId: signed.projectId,
        },
      }),
    );
  }
  return { contract, events };
};

const addDays = (isoDate: string, days: number): string => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** An instant on an Almaty date at a local hour and minute. */
const atAlmaty = (isoDate: string, hour: number, minute = 0): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + (hour - 5) * HOUR_MS + minute * 60_000).toISOString();

/** The working day on or before a date. */
const workingDayOnOrBefore = (isoDate: string): string => {
  let date = isoDate;
  while (!isWorkingDay(date)) date = addDays(date, -1);
  return date;
};

const later = (a: string, b: string): string => (a > b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

// ---------------------------------------------------------------------------------------------------------------
// The dataset.

export interface DemoDataset {
  /** Entity items (projects, competitions, versions, bids, contractors, subscriptions, inquiries): written first. */
  readonly entities: readonly Record<string, unknown>[];
  /** Outbox event items: written after every entity exists, so consumers always find the facts they read. */
  readonly events: readonly Record<string, unknown>[];
  readonly domainEvents: readonly DomainEvent[];
  readonly projects: readonly Project[];
  readonly competitions: readonly Competition[];
  readonly contractors: readonly Contractor[];
  readonly inquiries: readonly Inquiry[];
}

interface Draft {
  readonly region: RegionPlan;
  readonly id: string;
  readonly stage: ProjectStage;
  sector: Sector;
  readiness: Readiness;
  approved: boolean;
  route: FinancingRoute;
  status: FinancingStatus;
  value: bigint;
  approvalDate: string;
  plannedPublicationDate: string;
  publishedAt?: string;
  awardedAt?: string;
  onSchedule?: boolean;
  speed?: number;
}

const OTHER_SECTORS: readonly Sector[] = ['heat', 'heat', 'heat', 'heat', 'water', 'water', 'water', 'electricity', 'electricity', 'gas'];

/** Splits `total` (a multiple of `unit`) over weights exactly, in multiples of `unit`; the remainder goes to the largest. */
const split = (total: bigint, weights: readonly number[], unit: bigint): bigint[] => {
  const w = weights.map((x) => BigInt(Math.round(x * 1000)));
  const sum = w.reduce((a, b) => a + b, 0n);
  const parts = w.map((x) => ((total / unit) * x) / sum * unit);
  const rest = total - parts.reduce((a, b) => a + b, 0n);
  const largest = w.indexOf(w.reduce((a, b) => (b > a ? b : a)));
  parts[largest]! += rest;
  return parts;
};

const VALUE_RANGE_MILLIONS: Readonly<Record<Sector, readonly [number, number]>> = {
  heat: [1500, 6500],
  water: [900, 4500],
  sewerage: [1200, 7000],
  electricity: [1000, 5000],
  gas: [600, 3500],
};

/**
 * Builds the demo dataset as of `now`.
 *
 * @param now - the platform's current time (dates are relative to it)
 * @param seed - the generator's seed; {@link DEMO_SEED} reproduces the government's figures
 */
export const buildDemoDataset = (now: Date, seed: number = DEMO_SEED): DemoDataset => {
  const random = new Random(seed);
  const nowIso = now.toISOString();
  const today = almatyDate(now);
  const entities: Record<string, unknown>[] = [];
  const domainEvents: { pk: string; event: DomainEvent }[] = [];
  const event = <T extends EventType>(pk: string, type: T, fields: Omit<EventFields<T>, 'eventId' | 'actor'>): void => {
    domainEvents.push({ pk, event: makeEvent<EventType>(type, { ...fields, eventId: random.uuid(), actor: IMPORT_ACTOR } as EventFields<T>) });
  };

  // Projects: stage mix, sector, readiness and financing status per region.
  const drafts: Draft[] = [];
  for (const region of REGION_PLANS) {
    const stages: ProjectStage[] = [
      ...Array<ProjectStage>(region.implementation).fill('implementation'),
      ...Array<ProjectStage>(region.determination).fill('contractor-determination'),
      ...Array<ProjectStage>(region.selection).fill('selection'),
    ];
    stages.forEach((stage, i) => {
      drafts.push({
        region,
        id: '',
        stage,
        sector: random.pick(OTHER_SECTORS),
        readiness: stage === 'selection' ? (random.chance(0.3) ? 'ready' : random.chance(0.2) ? 'under-revision' : 'in-preparation') : 'ready',
        approved: i < region.approved,
        route: 'budget',
        status: 'not-requested',
        value: 0n,
        approvalDate: '',
        plannedPublicationDate: '',
      });
    });
    const own = drafts.filter((d) => d.region === region);
    // Sewerage plants (КОС): ready ones among the advanced projects, the one under revision still at selection.
    let sewerage = region.sewerage;
    if (region.sewerageUnderRevision) {
      const waiting = own[own.length - 1]!;
      waiting.sector = 'sewerage';
      waiting.readiness = 'under-revision';
      sewerage -= 1;
    }
    for (const d of own.slice(0, sewerage)) {
      d.sector = 'sewerage';
      d.readiness = 'ready';
    }
  }

  // Financing routes: 89 approved through the Development Bank, 55 through the Housing Company; the rest under review
  // on either route or not requested (budget).
  const approved = random.shuffle(drafts.filter((d) => d.approved));
  approved.forEach((d, i) => {
    d.route = i < DEMO_FIGURES.developmentBank ? 'development-bank' : 'housing-company';
    d.status = 'approved';
  });
  for (const d of drafts.filter((x) => !x.approved)) {
    if (random.chance(0.6)) {
      d.route = random.chance(0.6) ? 'development-bank' : 'housing-company';
      d.status = 'under-review';
    }
  }

  // Values: exactly 974 bn tenge in all, 318.4 bn of it approved; multiples of 100 000 tenge.
  const weight = (d: Draft) => {
    const [min, max] = VALUE_RANGE_MILLIONS[d.sector];
    return random.int(min, max);
  };
  const approvedDrafts = drafts.filter((d) => d.approved);
  const otherDrafts = drafts.filter((d) => !d.approved);
  const approvedTotal = BigInt(DEMO_FIGURES.financingApprovedAmount);
  split(approvedTotal, approvedDrafts.map(weight), 100_000n).forEach((v, i) => (approvedDrafts[i]!.value = v));
  split(BigInt(DEMO_FIGURES.value) - approvedTotal, otherDrafts.map(weight), 100_000n).forEach((v, i) => (otherDrafts[i]!.value = v));

  // Dates: publication, speed from approval and the planned date per region's habits.
  for (const region of REGION_PLANS) {
    const own = drafts.filter((d) => d.region === region);
    const published = random.shuffle(own.filter((d) => d.stage !== 'selection'));
    const onTime = Math.round(region.onSchedule * published.length);
    const [slow, fast] = [region.speed[1], region.speed[0]];
    const speeds = random.shuffle(
      published.map((_, i) => (published.length === 1 ? Math.round((fast + slow) / 2) : Math.round(fast + ((slow - fast) * i) / (published.length - 1)))),
    );
    published.forEach((d, i) => {
      let day = workingDayOnOrBefore(addDays(today, d.stage === 'implementation' ? -random.int(50, 85) : -random.int(6, 35)));
      let publishedAt = atAlmaty(day, random.int(10, 16), random.int(0, 59));
      // A competition at contractor determination is past its questions: bidding is open or the bids are opened.
      while (computePeriods(new Date(publishedAt)).enquiryPeriod.endDate > new Date(now.getTime() - HOUR_MS).toISOString()) {
        day = workingDayOnOrBefore(addDays(day, -1));
        publishedAt = atAlmaty(day, random.int(10, 16), random.int(0, 59));
      }
      d.publishedAt = publishedAt;
      d.speed = speeds[i]!;
      d.approvalDate = addDays(day, -d.speed);
      d.onSchedule = i < onTime;
      d.plannedPublicationDate = d.onSchedule ? addDays(day, random.int(0, 25)) : addDays(day, -random.int(3, Math.max(4, Math.min(60, d.speed - 20))));
    });
    const waiting = random.shuffle(own.filter((d) => d.stage === 'selection'));
    const overdue = Math.round(region.overdue * waiting.length);
    waiting.forEach((d, i) => {
      if (i < overdue) {
        d.approvalDate = addDays(today, -random.int(150, 330));
        d.plannedPublicationDate = later(addDays(d.approvalDate, 30), addDays(today, -random.int(1, 120)));
        if (d.plannedPublicationDate >= today) d.plannedPublicationDate = addDays(today, -1);
      } else {
        d.approvalDate = addDays(today, -random.int(10, 200));
        d.plannedPublicationDate = addDays(today, random.int(3, 160));
      }
    });
  }

  // Contractors: verified, subscribed, with unsubscribe tokens; bidders gain the subscriptions of what they bid on.
  const contractors: (Contractor & { unsubscribeToken: string; subscriptions: Subscription[] })[] = [];
  const bins = new Set<string>();
  while (contractors.length < DEMO_FIGURES.contractors) {
    const yymm = `${String(random.int(5, 23)).padStart(2, '0')}${String(random.int(1, 12)).padStart(2, '0')}`;
    let bin: string;
    try {
      bin = makeBin(yymm, '4', '0', random.int(0, 99_999));
    } catch {
      continue;
    }
    if (bins.has(bin)) continue;
    bins.add(bin);
    const registeredAt = atAlmaty(addDays(today, -random.int(5, 320)), random.int(9, 18), random.int(0, 59));
    const hours = random.chance(0.7) ? random.next() * 6 : random.next() * 70;
    const subscriptions = [random.pick(REGIONS)].map((r) => ({ kato: r.kato, sector: random.pick<Sector>(['heat', 'water', 'sewerage', 'electricity', 'gas']) }));
    contractors.push({
      bin,
      name: `ТОО «${random.pick(COMPANY_WORDS)}${random.pick(COMPANY_SUFFIXES)}»`,
      email: `tenders+${bin}@example.kz`,
      language: random.chance(0.6) ? 'ru' : random.chance(0.75) ? 'kk' : 'en',
      status: 'verified',
      subscriptions,
      registeredAt,
      verifiedAt: new Date(Date.parse(registeredAt) + Math.round(hours * HOUR_MS)).toISOString(),
      unsubscribeToken: random.token(),
    });
  }

  // Projects, their competitions and bids.
  const projects: Project[] = [];
  const competitions: Competition[] = [];
  const titles = new Map<string, number>();
  const officials = new Map(REGIONS.map((r, i) => [r.kato, { name: OFFICIALS[i]!, position: POSITIONS[i % POSITIONS.length]! }]));
  /** Contracts made so far (the implementation history varies with it, without the generator). */
  let contractsMade = 0;
  /** Competitions awarded for implementation so far: every sixth was bid at 99.2 % of the estimate and more (a `high-price` red flag). */
  let implementationAwards = 0;
  for (const d of drafts) {
    const region = REGIONS.find((r) => r.kato === d.region.kato)!;
    const approvalAt = atAlmaty(d.approvalDate, 11);
    const id = idAt(random, Date.parse(approvalAt));
    const place = random.pick(PLACES[region.kato]!);
    const work = random.pick(WORKS[d.sector]);
    const titleKey = `${place.en}|${work.en}`;
    const phase = titles.get(titleKey) ?? 0;
    titles.set(titleKey, phase + 1);
    const value = d.value.toString();
    const financing = { route: d.route, status: d.status, ...(d.status === 'not-requested' ? {} : { amount: value }) };
    // Financing under review or approved comes from an application that went through the workflow (below): the
    // project enters with none requested, and the application's events move it.
    const registeredFinancing = d.status === 'not-requested' ? financing : { route: 'budget' as const, status: 'not-requested' as const };
    const base: Project = {
      id,
      kato: region.kato,
      sector: d.sector,
      title: title(work, place, phase),
      value,
      approvalDate: d.approvalDate,
      plannedPublicationDate: d.plannedPublicationDate,
      stage: 'selection',
      readiness: d.readiness,
      financing,
      akimat: { name: akimatName(region) },
      official: officials.get(region.kato)!,
    };
    const projectPk = keys.project(id).PK;
    const registered: ProjectRegisteredData = {
      kato: base.kato,
      sector: base.sector,
      stage: 'selection',
      value,
      readiness: base.readiness,
      financing: registeredFinancing,
      approvalDate: base.approvalDate,
      plannedPublicationDate: base.plannedPublicationDate,
    };
    event(projectPk, 'project.registered', { subject: { kind: 'project', id }, at: approvalAt, data: { ...registered } });

    if (d.stage === 'selection') {
      projects.push(base);
      entities.push(projectItem(base));
      continue;
    }

    // The competition: created, published, bid on; opened when its deadline has passed; awarded for implementation.
    const publishedAt = d.publishedAt!;
    const createdAt = new Date(Date.parse(publishedAt) - random.int(1, 4) * DAY_MS - random.int(0, 5) * HOUR_MS).toISOString();
    const competitionId = idAt(random, Date.parse(createdAt));
    const periods = computePeriods(new Date(publishedAt));
    const compPk = keys.competition(competitionId).PK;
    const createdBy = `import:akimat-${region.kato}`;
    const draft: Competition = {
      id: competitionId,
      projectId: id,
      kato: region.kato,
      sector: d.sector,
      title: base.title,
      estimatedValue: value,
      status: 'draft',
      version: 1,
      bidsValidFromVersion: 1,
      createdAt,
      updatedAt: createdAt,
      createdBy,
    };
    const published: Competition = { ...draft, status: 'active.clarification', ...periods, publishedAt, updatedAt: publishedAt };
    // Imported history starts at publication: a draft is the akimat's private business.
    event(compPk, 'competition.published', {
      subject: { kind: 'competition', id: competitionId },
      at: publishedAt,
      data: { projectId: id, kato: region.kato, sector: d.sector, ...periods },
      before: { status: 'draft' },
    });
    entities.push({ ...keys.competitionVersion(competitionId, 1), kind: 'competition-version', ...published });

    const tenderEnd = periods.tenderPeriod.endDate;
    const closed = tenderEnd <= nowIso;
    const lastBidAt = closed ? tenderEnd : nowIso;
    // Only contractors verified before bidding opened could bid.
    const eligible = contractors.filter((c) => c.verifiedAt! < periods.tenderPeriod.startDate);
    const bidders = random.shuffle(eligible.length >= 4 ? eligible : contractors).slice(0, closed ? random.int(2, 3) : random.int(1, 2));
    const window = Date.parse(lastBidAt) - Date.parse(periods.tenderPeriod.startDate);
    // The ministry's red-flag view has something to show: these bids are at 99.2 % of the estimate and more.
    const atEstimate = closed && d.stage === 'implementation' && implementationAwards++ % 6 === 0;
    const bids: Bid[] = bidders.map((contractor, i) => {
      if (!contractor.subscriptions.some((s) => s.kato === region.kato && s.sector === d.sector)) {
        contractor.subscriptions.push({ kato: region.kato, sector: d.sector });
      }
      // Drawn in every case, so that the generator's sequence (and every other figure of the dataset) stays the same.
      const drawn = ((d.value * BigInt(random.int(860, 990))) / 1000n / 1000n) * 1000n;
      const price = atEstimate ? ((d.value * BigInt(992 + 2 * i)) / 1000n / 1000n) * 1000n : drawn;
      return {
        competitionId,
        bin: contractor.bin,
        price: price.toString(),
        competitionVersion: 1,
        submittedAt: new Date(Date.parse(periods.tenderPeriod.startDate) + Math.floor(window * (0.1 + 0.8 * random.next()))).toISOString(),
        receiptId: random.uuid(),
      };
    });
    for (const bid of bids) {
      entities.push(bidItem(bid));
      event(compPk, 'bid.submitted', {
        subject: { kind: 'competition', id: competitionId },
        at: bid.submittedAt,
        data: { bin: bid.bin, price: bid.price, receiptId: bid.receiptId, competitionVersion: bid.competitionVersion },
      });
    }

    let competition: Competition;
    if (!closed) {
      const tendering: Competition = { ...published, status: 'active.tendering', updatedAt: later(publishedAt, bids.map((b) => b.submittedAt).sort().pop()!) };
      const reminder = reminderAt(tendering);
      // A reminder that would already be due was sent when it was due: the checker must not send it again at start.
      competition = reminder && reminder <= nowIso ? { ...tendering, reminderSentAt: reminder } : tendering;
    } else {
      const bidsOpenedAt = new Date(Date.parse(tenderEnd) + random.int(1, 5) * 60_000).toISOString();
      event(compPk, 'competition.bids-opened', {
        subject: { kind: 'competition', id: competitionId },
        at: bidsOpenedAt,
        data: {},
        before: { status: 'active.tendering' },
        after: { status: 'active.evaluation' },
      });
      competition = { ...published, status: 'active.evaluation', bidsOpenedAt, updatedAt: bidsOpenedAt };
      if (d.stage === 'implementation') {
        const winner = [...bids].sort((a, b) => (BigInt(a.price) < BigInt(b.price) ? -1 : 1))[0]!;
        const awardedAt = earlier(
          atAlmaty(addDays(almatyDate(new Date(bidsOpenedAt)), random.int(5, 14)), random.int(10, 17)),
          new Date(now.getTime() - DAY_MS).toISOString(),
        );
        d.awardedAt = awardedAt;
        event(compPk, 'competition.awarded', {
          subject: { kind: 'competition', id: competitionId },
          at: awardedAt,
          data: { bin: winner.bin, price: winner.price },
          before: { status: 'active.evaluation' },
          after: { status: 'active.awarded' },
        });
        competition = { ...competition, status: 'active.awarded', award: { bin: winner.bin, price: winner.price, at: awardedAt }, updatedAt: awardedAt };
        // Issue 14: the project is in implementation because its contract was signed by both parties. No draws from
        // the generator here (ids and dates are derived), so every figure after it stays as it was.
        const signedAt = new Date(Date.parse(awardedAt) + 6 * HOUR_MS).toISOString();
        const contractId = `K${competitionId}`;
        const supplier = contractors.find((c) => c.bin === winner.bin);
        const due = (days: number) => new Date(Date.parse(signedAt) + days * DAY_MS).toISOString();
        const signed: Contract = {
          id: contractId,
          competitionId,
          projectId: id,
          awardId: '1',
          kato: region.kato,
          sector: d.sector,
          title: base.title,
          status: 'active',
          value: winner.price,
          supplier: { bin: winner.bin, name: supplier?.name ?? winner.bin },
          buyer: { kato: region.kato, name: akimatName(region).ru },
          signingDeadline: addWorkingDays(new Date(awardedAt), 5).toISOString(),
          milestones: [
            // The design is due a month after signing: every demo contract is past it (met, or overdue).
            { id: 'M1', title: 'Проектно-сметная документация', type: 'design', dueDate: due(30) },
            { id: 'M2', title: 'Строительно-монтажные работы', type: 'works', dueDate: due(300) },
            { id: 'M3', title: 'Ввод в эксплуатацию', type: 'commissioning', dueDate: due(420) },
          ],
          documents: [],
          dateSigned: signedAt,
          createdAt: awardedAt,
          updatedAt: signedAt,
          revision: 3,
        };
        domainEvents.push({
          pk: keys.contract(contractId).PK,
          event: makeEvent('contract.activated', {
            eventId: `import-contract-${contractId}`,
            at: signedAt,
            actor: IMPORT_ACTOR,
            subject: { kind: 'contract', id: contractId },
            data: { competitionId, projectId: id, kato: region.kato, bin: winner.bin, value: winner.price, party: 'buyer', signer: { commonName: 'import', certificateSerial: 'import', bin: winner.bin }, dateSigned: signedAt },
          }),
        });
        // Its implementation so far: progress reports (with payments), the design milestone met or overdue.
        const official = officials.get(region.kato)!;
        const implemented = implementationHistory({ ...signed, responsible: { sub: 'import', name: official.name } }, contractsMade, now);
        contractsMade += 1;
        for (const e of implemented.events) domainEvents.push({ pk: keys.contract(contractId).PK, event: e });
        const contract = implemented.contract;
        entities.push(contractItem(contract), supplierContractItem(contract));
        competition = { ...competition, status: 'complete', contractId, updatedAt: signedAt };
      }
    }
    competitions.push(competition);
    entities.push(competitionItem(competition));

    const project: Project = { ...base, stage: d.stage, competitionId, publishedAt };
    projects.push(project);
    // Every imported competition is live (tendering, evaluation or awarded): its project carries the one-live mark.
    entities.push({ ...projectItem(project), [LIVE_COMPETITION]: competitionId, ...(d.awardedAt ? { awardedAt: d.awardedAt } : {}) });
  }

  applyForFinancing(now, seed, projects, entities, domainEvents);

  for (const contractor of contractors) {
    const pk = keys.contractor(contractor.bin).PK;
    entities.push(contractorItem(contractor), unsubscribeItem(contractor), ...contractor.subscriptions.map((s) => subscriptionItem(contractor, s)));
    const subject = { kind: 'contractor', id: contractor.bin } as const;
    event(pk, 'contractor.registered', {
      subject,
      at: contractor.registeredAt,
      data: { name: contractor.name, email: contractor.email, language: contractor.language },
    });
    event(pk, 'contractor.verified', {
      subject,
      at: contractor.verifiedAt!,
      data: { registeredAt: contractor.registeredAt, verifiedAt: contractor.verifiedAt! },
      before: { status: 'pending' },
      after: { status: 'verified' },
    });
  }

  // Contact-centre inquiries: 812 in all, most answered, some in progress, the newest still new.
  const inquiries: Inquiry[] = [];
  const topics: InquiryTopic[] = ['competition', 'competition', 'competition', 'project', 'project', 'registration', 'financing', 'financing', 'other'];
  const weightedRegions = drafts.map((d) => d.region.kato);
  for (let n = 0; n < DEMO_FIGURES.inquiries; n += 1) {
    const topic = random.pick(topics);
    const regional = topic !== 'financing' && topic !== 'other' ? true : random.chance(0.4);
    const kato = regional ? random.pick(weightedRegions) : undefined;
    const ageDays = n < 60 ? random.int(0, 6) : random.int(3, 240);
    const filedAt = new Date(Math.min(now.getTime() - HOUR_MS, Date.parse(atAlmaty(addDays(today, -ageDays), random.int(8, 20), random.int(0, 59))))).toISOString();
    const routedTo = routeInquiry(topic, kato);
    const language: Lang = random.chance(0.7) ? 'ru' : 'kk';
    const inquiry: Inquiry = {
      id: idAt(random, Date.parse(filedAt)),
      topic,
      ...(kato ? { kato } : {}),
      text: random.pick(INQUIRY_TEXTS[topic]),
      contact: { name: random.pick(PEOPLE) },
      language,
      routedTo,
      status: 'new',
      filedAt,
      dueAt: responseDeadline(new Date(filedAt)).toISOString(),
      accessTokenHash: hashAccessToken(random.token()),
    };
    const pk = keys.inquiry(inquiry.id).PK;
    const facts = { kato: kato ?? null, topic, filedAt, routedTo, dueAt: inquiry.dueAt };
    const subject = { kind: 'inquiry', id: inquiry.id } as const;
    event(pk, 'inquiry.filed', { subject, at: filedAt, data: facts });
    const by = { sub: `import:${routedTo}`, role: routedTo === 'ministry' ? ('ministry' as const) : ('akimat' as const) };
    const takenAt = new Date(Date.parse(filedAt) + random.int(1, 40) * HOUR_MS).toISOString();
    let stored: Inquiry = inquiry;
    if (takenAt < nowIso && !(n < 60 && random.chance(0.55))) {
      stored = { ...stored, status: 'in-progress', takenAt, takenBy: by };
      event(pk, 'inquiry.taken', { subject, at: takenAt, data: { ...facts, takenAt } });
      const answeredAt = new Date(Date.parse(takenAt) + random.int(2, random.chance(0.85) ? 90 : 200) * HOUR_MS).toISOString();
      if (answeredAt < nowIso && ageDays > 2 && random.chance(0.88)) {
        stored = { ...stored, status: 'answered', answer: { text: random.pick(ANSWERS), at: answeredAt, by } };
        event(pk, 'inquiry.answered', { subject, at: answeredAt, data: { ...facts, answeredAt } });
      }
    }
    inquiries.push(stored);
    entities.push(inquiryItem(stored));
  }

  const events = domainEvents.map(({ pk, event: e }) => eventPut(pk, e).Put!.Item!);
  return { entities, events, domainEvents: domainEvents.map((e) => e.event), projects, competitions, contractors, inquiries };
};

const APPLICATION_ROUTE: Readonly<Record<string, ApplicationRoute>> = { 'development-bank': 'dbk-banks', 'housing-company': 'khc-bonds', budget: 'budget' };

/**
 * The financing of the projects under review or approved, as applications that went through the workflow: the akimat
 * submitted, the route's financier decided (some returned first, then resubmitted), and about half of the approved
 * ones received a first disbursement. Each step is written with its event, so the counters reach the same financing
 * figures through the stream. A generator of its own keeps the rest of the dataset as it was.
 */
const applyForFinancing = (
  now: Date,
  seed: number,
  projects: readonly Project[],
  entities: Record<string, unknown>[],
  domainEvents: { pk: string; event: DomainEvent }[],
): void => {
  const random = new Random(seed + 14);
  const latest = now.getTime() - 2 * HOUR_MS;
  const projectItems = new Map(entities.filter((e) => e.kind === 'project').map((e) => [String(e.id), e]));
  for (const project of projects) {
    if (project.financing.status === 'not-requested') continue;
    const route = APPLICATION_ROUTE[project.financing.route]!;
    const akimat = { sub: `import:akimat-${project.kato}`, role: 'akimat' as const };
    const decider = route === 'budget' ? { sub: 'import:ministry', role: 'ministry' as const } : { sub: `import:financier-${route}`, role: 'financier' as const };
    const approved = project.financing.status === 'approved';
    // Approved ones were submitted 35–200 days ago, those under review 2–60; decisions come 5–30 days after.
    const ageDays = approved ? random.int(35, 200) : random.int(2, 60);
    const submittedMs = latest - ageDays * DAY_MS - random.int(0, 8) * HOUR_MS;
    const firstSubmittedAt = new Date(submittedMs - (submittedMs % 60_000) + random.int(0, 59) * 1000).toISOString();
    const id = idAt(random, Date.parse(firstSubmittedAt));
    const pk = financingKeys.application(id).PK;
    const history: ApplicationStep[] = [{ action: 'submit', at: firstSubmittedAt, by: akimat, status: 'submitted', amount: project.value }];
    let app: FinancingApplication = {
      id,
      projectId: project.id,
      kato: project.kato,
      route,
      status: 'submitted',
      amount: project.value,
      documents: [{ title: 'Заявка на финансирование' }, { title: 'Проектно-сметная документация' }],
      projectTitle: project.title.ru,
      akimatName: project.akimat.name.ru,
      firstSubmittedAt,
      submittedAt: firstSubmittedAt,
      disbursements: [],
      disbursedAmount: '0',
      history,
      version: 1,
    };
    // Imported history: the import actor writes the events (counted, published, nobody notified); who took each step
    // is on the application's history.
    const push = <T extends 'financing.submitted' | 'financing.resubmitted' | 'financing.decided' | 'financing.disbursed'>(
      type: T,
      at: string,
      data: EventPayloads[T],
    ) => {
      domainEvents.push({ pk, event: makeEvent<EventType>(type, { eventId: random.uuid(), at, actor: IMPORT_ACTOR, subject: { kind: 'financing', id }, data } as EventFields<T>) });
    };
    const facts = (before: FinancingApplication, after: FinancingApplication, beforeFinancing = projectFinancingOf(before, before.status)) => ({
      projectId: project.id,
      kato: project.kato,
      route,
      amount: after.amount,
      firstSubmittedAt,
      submittedAt: after.submittedAt,
      projectFinancing: { before: beforeFinancing, after: projectFinancingOf(after, after.status) },
    });
    push('financing.submitted', firstSubmittedAt, facts(app, app, { route: 'budget', status: 'not-requested', amount: project.value }));

    const step = (from: string, minDays: number, maxDays: number): string | undefined => {
      const at = Date.parse(from) + random.int(minDays, maxDays) * DAY_MS + random.int(1, 7) * HOUR_MS;
      return at < latest ? new Date(at).toISOString() : undefined;
    };
    // A fifth are returned once for more documents and resubmitted.
    if (random.chance(0.2)) {
      const returnedAt = step(app.submittedAt, 4, 12);
      if (returnedAt) {
        const returned: FinancingApplication = {
          ...app,
          status: 'returned',
          decision: { decision: 'returned', text: 'Приложите заключение государственной экспертизы', at: returnedAt, by: decider },
          history: [...app.history, { action: 'return', at: returnedAt, by: decider, status: 'returned', text: 'Приложите заключение государственной экспертизы' }],
          version: app.version + 1,
        };
        push('financing.decided', returnedAt, {
          ...facts(app, returned),
          decision: 'returned',
          text: 'Приложите заключение государственной экспертизы',
          decidedAt: returnedAt,
          workingDays: workingDaysFrom(app.submittedAt, returnedAt),
        });
        app = returned;
        const resubmittedAt = step(returnedAt, 2, 10);
        if (resubmittedAt && (approved || random.chance(0.6))) {
          const resubmitted: FinancingApplication = {
            ...app,
            status: 'submitted',
            submittedAt: resubmittedAt,
            history: [...app.history, { action: 'resubmit', at: resubmittedAt, by: akimat, status: 'submitted', amount: app.amount }],
            version: app.version + 1,
          };
          push('financing.resubmitted', resubmittedAt, facts(app, resubmitted));
          app = resubmitted;
        }
      }
    }
    if (approved) {
      if (app.status === 'returned') {
        // The returned application of an approved project was resubmitted before its approval.
        const resubmittedAt = step(app.decision!.at, 1, 3) ?? new Date(Date.parse(app.decision!.at) + HOUR_MS).toISOString();
        const resubmitted: FinancingApplication = {
          ...app,
          status: 'submitted',
          submittedAt: resubmittedAt,
          history: [...app.history, { action: 'resubmit', at: resubmittedAt, by: akimat, status: 'submitted', amount: app.amount }],
          version: app.version + 1,
        };
        push('financing.resubmitted', resubmittedAt, facts(app, resubmitted));
        app = resubmitted;
      }
      // An approval is on record for every approved project: when the steps ran late, it comes just before now.
      const decidedAt = step(app.submittedAt, 5, 30) ?? new Date(Math.max(Date.parse(app.submittedAt) + HOUR_MS, latest - HOUR_MS)).toISOString();
      const approvedApp: FinancingApplication = {
        ...app,
        status: 'approved',
        approvedAmount: project.value,
        decision: { decision: 'approved', amount: project.value, text: 'Одобрено', at: decidedAt, by: decider },
        history: [...app.history, { action: 'approve', at: decidedAt, by: decider, status: 'approved', amount: project.value, text: 'Одобрено' }],
        version: app.version + 1,
      };
      push('financing.decided', decidedAt, {
        ...facts(app, approvedApp),
        decision: 'approved',
        approvedAmount: project.value,
        text: 'Одобрено',
        decidedAt,
        workingDays: workingDaysFrom(app.submittedAt, decidedAt),
      });
      app = approvedApp;
      const disbursedAt = random.chance(0.55) ? step(decidedAt, 5, 40) : undefined;
      if (disbursedAt) {
        const amount = ((BigInt(project.value) * 3n) / 10n).toString();
        const date = almatyDate(new Date(disbursedAt));
        const disbursed: FinancingApplication = {
          ...app,
          disbursements: [{ amount, date, recordedAt: disbursedAt, by: decider }],
          disbursedAmount: amount,
          history: [...app.history, { action: 'disburse', at: disbursedAt, by: decider, status: 'approved', amount }],
          version: app.version + 1,
        };
        const same = projectFinancingOf(app, 'approved');
        push('financing.disbursed', disbursedAt, {
          ...facts(app, disbursed, same),
          disbursement: { amount, date },
          first: true,
          workingDaysFromSubmission: workingDaysFrom(firstSubmittedAt, disbursedAt),
        });
        app = disbursed;
      }
    }
    entities.push(financingApplicationItem(app));
    const item = projectItems.get(project.id);
    if (item) item[FINANCING_APPLICATION_MARK] = id;
  }
};
