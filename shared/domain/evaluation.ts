/**
 * Evaluation of opened bids (Law of 1 July 2024 No. 106-VIII and its Rules; Prozorro's award model): the
 * qualification requirements an akimat sets per sector, the automatic checks shown per bid, the akimat's
 * qualification decisions with reason codes, and the award rule — only a qualified bid, and only the lowest qualified
 * price (ties: the earlier bid). No I/O: the use case reads, this module decides.
 */
import type { Bid, BidSecurity, Competition } from './competition.js';
import { isBidValid, refusedBidders } from './competition.js';
import { compareMoney, formatMoneyString, parseMoney } from './money.js';
import type { LocalizedName } from './regions.js';
import type { Sector } from './sectors.js';

/** A qualification requirement of the per-sector template: a stable code and its wording in the three languages. */
export interface QualificationRequirement {
  readonly code: string;
  readonly title: LocalizedName;
}

const requirement = (code: string, ru: string, kk: string, en: string): QualificationRequirement => ({ code, title: { ru, kk, en } });

const COMMON_REQUIREMENTS: readonly QualificationRequirement[] = [
  requirement('similarExperience', 'Опыт выполнения аналогичных работ за последние 10 лет', 'Соңғы 10 жылда ұқсас жұмыстарды орындау тәжірибесі', 'Experience of similar works in the last 10 years'),
  requirement('financialStability', 'Финансовая устойчивость (аудированная отчётность)', 'Қаржылық тұрақтылық (аудиттелген есептілік)', 'Financial stability (audited statements)'),
  requirement('noTaxArrears', 'Отсутствие налоговой задолженности', 'Салық берешегінің болмауы', 'No tax arrears'),
  requirement('equipment', 'Наличие техники и оборудования', 'Техника мен жабдықтың болуы', 'Machinery and equipment available'),
  requirement('qualifiedStaff', 'Квалифицированный персонал', 'Білікті персонал', 'Qualified staff'),
];

const LICENCES: Readonly<Record<Sector, QualificationRequirement>> = {
  heat: requirement('licence', 'Лицензия на строительно-монтажные работы (теплоснабжение), I категория', 'Құрылыс-монтаж жұмыстарына лицензия (жылумен жабдықтау), I санат', 'Construction licence (heat supply), category I'),
  water: requirement('licence', 'Лицензия на строительно-монтажные работы (водоснабжение), I категория', 'Құрылыс-монтаж жұмыстарына лицензия (сумен жабдықтау), I санат', 'Construction licence (water supply), category I'),
  sewerage: requirement('licence', 'Лицензия на строительно-монтажные работы (водоотведение), I категория', 'Құрылыс-монтаж жұмыстарына лицензия (су бұру), I санат', 'Construction licence (sewerage), category I'),
  electricity: requirement('licence', 'Лицензия на электромонтажные работы, I категория', 'Электр монтаждау жұмыстарына лицензия, I санат', 'Electrical works licence, category I'),
  gas: requirement('licence', 'Лицензия на работы на газовых сетях, I категория', 'Газ желілеріндегі жұмыстарға лицензия, I санат', 'Gas network works licence, category I'),
};

/** The template of qualification requirements for a sector (`GET /reference/qualification-requirements?sector=`). */
export const qualificationRequirements = (sector: Sector): readonly QualificationRequirement[] => [LICENCES[sector], ...COMMON_REQUIREMENTS];

/** Codes an akimat may give when it disqualifies a bid (`GET /reference/disqualification-reasons`). */
export const DISQUALIFICATION_REASONS = {
  qualificationNotMet: { ru: 'Не соответствует квалификационным требованиям', kk: 'Біліктілік талаптарына сәйкес келмейді', en: 'Qualification requirements not met' },
  documentsMissing: { ru: 'Не представлены требуемые документы', kk: 'Талап етілетін құжаттар ұсынылмаған', en: 'Required documents missing' },
  bidSecurityMissing: { ru: 'Нет обеспечения заявки или оно недостаточно', kk: 'Өтінімді қамтамасыз ету жоқ немесе жеткіліксіз', en: 'Bid security missing or insufficient' },
  unscrupulousRegister: { ru: 'Участник в реестре недобросовестных участников', kk: 'Қатысушы жосықсыз қатысушылар тізілімінде', en: 'Bidder in the register of unscrupulous participants' },
  abnormallyLowPrice: { ru: 'Демпинговая цена без обоснования', kk: 'Негіздемесіз демпингтік баға', en: 'Abnormally low price not justified' },
  priceAboveEstimate: { ru: 'Цена превышает выделенную сумму', kk: 'Баға бөлінген сомадан асады', en: 'Price above the estimate' },
  invalidSignature: { ru: 'Заявка не подписана действительной ЭЦП', kk: 'Өтінімге жарамды ЭЦҚ қойылмаған', en: 'Bid not signed with a valid signature' },
  falseInformation: { ru: 'Недостоверные сведения', kk: 'Дұрыс емес мәліметтер', en: 'False information' },
  other: { ru: 'Иное (см. текст)', kk: 'Басқа (мәтінді қараңыз)', en: 'Other (see the text)' },
} as const satisfies Record<string, LocalizedName>;
export type DisqualificationReasonCode = keyof typeof DISQUALIFICATION_REASONS;
export const DISQUALIFICATION_REASON_CODES = Object.keys(DISQUALIFICATION_REASONS) as [DisqualificationReasonCode, ...DisqualificationReasonCode[]];

export const QUALIFICATION_DECISIONS = ['qualified', 'disqualified'] as const;
export type QualificationDecisionValue = (typeof QUALIFICATION_DECISIONS)[number];

export interface DisqualificationReason {
  readonly code: DisqualificationReasonCode;
  readonly text: string;
}

/** The akimat's decision on one bid; revisable until the award. */
export interface Qualification {
  readonly competitionId: string;
  readonly bin: string;
  readonly decision: QualificationDecisionValue;
  readonly reasons: readonly DisqualificationReason[];
  readonly decidedAt: string;
  readonly decidedBy: string;
}

export const DEFAULT_BID_SECURITY: BidSecurity = { percent: '1' };

/** The title of the evaluation protocol document the award publishes (`evaluationReports`), in Russian and Kazakh. */
export const PROTOCOL_TITLE = 'Протокол итогов / Қорытындылар хаттамасы';

/** The thresholds of the automatic checks (configuration). */
export interface CheckConfig {
  /** A price below this percentage of the estimate is flagged abnormally low. */
  readonly abnormallyLowPercent: number;
}

/** What the platform checks on its own at opening, per bid, for the akimat to see. */
export interface BidChecks {
  readonly signatureValid: boolean;
  readonly bidSecurity: { readonly present: boolean; readonly requiredAmount: string };
  /** The id of the register entry the bidder was listed under when the bids were opened. */
  readonly unscrupulous: { readonly listed: boolean; readonly entryId?: string };
  readonly abnormallyLow: boolean;
  readonly aboveEstimate: boolean;
}

/** `percent` % of `amount`, rounded up to the tiyn (security must be at least that). */
export const percentOf = (amount: string, percent: string): string => {
  const [whole = '0', fraction = ''] = percent.split('.');
  const hundredths = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  const numerator = parseMoney(amount) * hundredths;
  return formatMoneyString((numerator + 9_999n) / 10_000n);
};

/** The automatic checks of one bid: `listedEntryId` is the register entry naming the bidder at opening, if any. */
export const bidChecks = (
  bid: Bid,
  competition: Pick<Competition, 'estimatedValue' | 'bidSecurity'>,
  listedEntryId: string | undefined,
  config: CheckConfig,
): BidChecks => {
  const security = competition.bidSecurity ?? DEFAULT_BID_SECURITY;
  const lowThreshold = percentOf(competition.estimatedValue, String(config.abnormallyLowPercent));
  return {
    signatureValid: !!bid.signer,
    bidSecurity: {
      present: (bid.documents ?? []).some((d) => d.envelope === 'security'),
      requiredAmount: percentOf(bid.price, security.percent),
    },
    unscrupulous: listedEntryId ? { listed: true, entryId: listedEntryId } : { listed: false },
    abnormallyLow: compareMoney(bid.price, lowThreshold) < 0,
    aboveEstimate: compareMoney(bid.price, competition.estimatedValue) > 0,
  };
};

/** A bid's place in the evaluation: its decision, and its rank among the qualified (1 = the one to award). */
export interface RankedBid {
  readonly bid: Bid;
  readonly qualification?: Qualification;
  /** 1-based rank among qualified valid bids; undefined for the others. */
  readonly rank?: number;
}

/** Lowest price first; at equal prices the earlier bid. */
const byPriceThenTime = (a: Bid, b: Bid): number => compareMoney(a.price, b.price) || a.submittedAt.localeCompare(b.submittedAt);

/**
 * Every bid with its decision and, for the qualified valid ones, its rank: cheapest first, ties to the earlier bid.
 * Invalidated bids (confirmed before an amendment) and undecided or disqualified ones have no rank.
 */
export const rankBids = (
  bids: readonly Bid[],
  qualifications: readonly Qualification[],
  competition: Pick<Competition, 'bidsValidFromVersion'> & Partial<Pick<Competition, 'cancelledAwards'>>,
): RankedBid[] => {
  const decisions = new Map(qualifications.map((q) => [q.bin, q]));
  // A winner that refused (or failed) to sign its contract is out: the next-ranked bid may be awarded.
  const refused = refusedBidders(competition);
  const qualified = bids
    .filter((b) => isBidValid(b, competition) && decisions.get(b.bin)?.decision === 'qualified' && !refused.has(b.bin))
    .sort(byPriceThenTime);
  const ranks = new Map(qualified.map((b, i) => [b.bin, i + 1]));
  return [...bids].sort(byPriceThenTime).map((bid) => {
    const qualification = decisions.get(bid.bin);
    const rank = ranks.get(bid.bin);
    return { bid, ...(qualification ? { qualification } : {}), ...(rank ? { rank } : {}) };
  });
};

/** Why a bid cannot be awarded, naming the one ranked first; undefined when `bin` is the one to award. */
export const awardProblem = (ranked: readonly RankedBid[], bin: string): string | undefined => {
  const first = ranked.find((r) => r.rank === 1);
  if (first?.bid.bin === bin) return undefined;
  const target = ranked.find((r) => r.bid.bin === bin);
  const why = !target
    ? 'there is no bid from this BIN'
    : target.qualification?.decision === 'disqualified'
      ? 'this bid is disqualified'
      : target.rank === undefined
        ? 'this bid is not qualified'
        : `this bid ranks ${target.rank}`;
  return first ? `${why}; the bid ranked first is ${first.bid.bin} at ${first.bid.price}` : `${why}; no bid is qualified yet`;
};

/** True when every valid bid has been decided and none is qualified: the competition can only end unsuccessful. */
export const allDisqualified = (ranked: readonly RankedBid[], competition: Pick<Competition, 'bidsValidFromVersion'> & Partial<Pick<Competition, 'cancelledAwards'>>): boolean => {
  // A winner that refused its contract is out, whatever its decision said (as in `rankBids`).
  const refused = refusedBidders(competition);
  const valid = ranked.filter((r) => isBidValid(r.bid, competition) && !refused.has(r.bid.bin));
  return valid.length > 0 && valid.every((r) => r.qualification?.decision === 'disqualified');
};

/** Problems of a decision's reasons: required (and only meaningful) when disqualifying. */
export const decisionProblem = (decision: QualificationDecisionValue, reasons: readonly DisqualificationReason[]): string | undefined =>
  decision === 'disqualified' && reasons.length === 0 ? 'at least one reason is required to disqualify' : undefined;
