/**
 * Fan-out: from one event about a competition to one mail job per contractor concerned. Subscribers are read with a
 * Query on their region × sector partition a page at a time (cost in proportion to the matches, never to all
 * contractors); a page that has a successor re-enqueues the job with its cursor, so no invocation grows with the
 * audience. Bidders and askers come from the competition's own partition. No AWS here (ports only).
 */
import { now as clockNow } from '../clock.js';
import { isBidValid, type Bid, type Competition, type Question } from '../domain/competition.js';
import { effectiveStatus } from '../domain/competition-lifecycle.js';
import { LANGUAGES } from '../domain/contractor.js';
import { formatAlmaty } from '../domain/calendar.js';
import { formatTenge, MONEY_PATTERN } from '../domain/money.js';
import { SNAPSHOT_FACTS } from '../domain/publication-snapshot.js';
import type { Project } from '../domain/project.js';
import { regionByKato, type Lang } from '../domain/regions.js';
import { sectorName } from '../domain/sectors.js';
import type { MailJob, TemplateName } from '../mail/mail-job.js';
import type { MatchJob, Reason } from './match-job.js';


export interface Recipient {
  readonly bin?: string;
  readonly email: string;
  readonly language: Lang;
  readonly name?: string;
  readonly unsubscribeToken?: string;
}

export interface MatchingReader {
  getCompetition(id: string): Promise<Competition | undefined>;
  getProject(id: string): Promise<Project | undefined>;
  /** One page of the verified subscribers of a region × sector. */
  subscribers(kato: string, sector: string, cursor?: Record<string, string>): Promise<{ items: Recipient[]; cursor?: Record<string, string> }>;
  bids(competitionId: string): Promise<Bid[]>;
  questions(competitionId: string): Promise<Question[]>;
  /** Contact details of contractors by BIN (unknown BINs are left out). */
  contractors(bins: readonly string[]): Promise<Recipient[]>;
}

export interface JobQueue {
  sendMail(jobs: readonly MailJob[]): Promise<void>;
  sendMatch(job: MatchJob): Promise<void>;
}

const TEMPLATE: Record<Reason, TemplateName> = {
  published: 'competition-published',
  amended: 'competition-amended',
  answered: 'question-answered',
  cancelled: 'competition-cancelled',
  reminder: 'deadline-reminder',
  opened: 'bids-opened-bidder',
  awarded: 'competition-awarded',
  unsuccessful: 'competition-unsuccessful',
  complaintFiled: 'complaint-filed',
  complaintDecided: 'complaint-decided',
};

const REASON_NAMES: Record<string, Record<Lang, string>> = {
  noNeed: { ru: 'потребность отпала', kk: 'қажеттілік жойылды', en: 'no longer needed' },
  fundingUnavailable: { ru: 'нет финансирования', kk: 'қаржыландыру жоқ', en: 'funding unavailable' },
  documentationErrors: { ru: 'ошибки в документации', kk: 'құжаттамадағы қателер', en: 'errors in the documentation' },
  legalViolation: { ru: 'нарушение законодательства', kk: 'заңнаманы бұзу', en: 'breach of the law' },
  forceMajeure: { ru: 'форс-мажор', kk: 'форс-мажор', en: 'force majeure' },
};

/** The published title of a snapshot fact, when it is one; else undefined (the competition's own title is used). */
const snapshotTitle = (json: string | undefined): Partial<Record<Lang, string>> | undefined => {
  if (json === undefined) return undefined;
  try {
    const title = JSON.parse(json) as unknown;
    return title && typeof title === 'object' && typeof (title as { ru?: unknown }).ru === 'string' ? (title as Partial<Record<Lang, string>>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Everything a template may print about the competition, in the recipient's language. A publication's snapshot facts
 * (see `publication-snapshot.ts`) win over the competition's current title, value and deadline.
 */
const competitionVars = (c: Competition, lang: Lang, facts: Record<string, string>): Record<string, string> => {
  const { [SNAPSHOT_FACTS.title]: titleJson, [SNAPSHOT_FACTS.value]: value, [SNAPSHOT_FACTS.deadline]: deadline, ...rest } = facts;
  const title = snapshotTitle(titleJson) ?? c.title;
  const endDate = deadline ?? c.tenderPeriod?.endDate;
  return {
    competitionId: c.id,
    title: title[lang] ?? title.ru ?? c.title.ru,
    region: regionByKato(c.kato)?.name[lang] ?? c.kato,
    sector: sectorName(c.sector, lang),
    value: formatTenge(value !== undefined && MONEY_PATTERN.test(value) ? value : c.estimatedValue, lang),
    deadline: endDate ? formatAlmaty(new Date(endDate), lang) : '',
    version: String(c.version),
    ...(c.cancellation ? { reason: REASON_NAMES[c.cancellation.reason]?.[lang] ?? c.cancellation.reason } : {}),
    ...rest,
  };
};

/** Subscriber pages per invocation: bounded work, however many subscribers a region × sector has. */
export const SUBSCRIBER_PAGES_PER_JOB = 5;

/**
 * Turns a match job into mail jobs. Each recipient once per event (the mailer's ledger keeps it so across retries).
 */
export const fanOut = async (
  deps: { reader: MatchingReader; queue: JobQueue; /** The reviewing body's complaints address, when configured. */ reviewerEmail?: string },
  job: MatchJob,
): Promise<number> => {
  const competition = await deps.reader.getCompetition(job.competitionId);
  if (!competition) return 0;
  const facts = job.facts ?? {};
  const mails: MailJob[] = [];
  const seen = new Set<string>();
  const add = (r: Recipient, template: TemplateName, extra: Record<string, string> = {}, withUnsubscribe = false): void => {
    const email = r.email.toLowerCase();
    if (seen.has(email)) return;
    seen.add(email);
    mails.push({
      eventId: job.eventId,
      template,
      to: r.email,
      language: (LANGUAGES as readonly string[]).includes(r.language) ? r.language : 'ru',
      ...(r.bin ? { bin: r.bin } : {}),
      vars: { ...competitionVars(competition, r.language, facts), ...extra },
      ...(withUnsubscribe && r.unsubscribeToken ? { unsubscribeToken: r.unsubscribeToken } : {}),
    });
  };

  const needsBids = job.audience.includes('bidders') || job.reason === 'reminder' || job.audience.includes('akimat');
  const bids = needsBids && (!job.cursor || job.reason === 'reminder') ? await deps.reader.bids(competition.id) : [];
  const bidders = new Set(bids.map((b) => b.bin));

  // Bidders and askers first (only on the first page of a job, so continuations do not repeat them).
  if (!job.cursor) {
    if (job.audience.includes('akimat')) {
      const project = await deps.reader.getProject(competition.projectId);
      if (project?.akimat.email && job.reason === 'opened') {
        const valid = bids.filter((b) => isBidValid(b, competition));
        const lines = valid.map((b) => `${b.bin} — ${formatTenge(b.price, 'ru')}`).join('\n');
        add({ email: project.akimat.email, language: 'ru' }, 'bids-opened-akimat', { count: String(valid.length), bids: lines });
      } else if (project?.akimat.email) {
        add({ email: project.akimat.email, language: 'ru' }, TEMPLATE[job.reason]);
      }
    }
    if (job.audience.includes('reviewer') && deps.reviewerEmail) add({ email: deps.reviewerEmail, language: 'ru' }, TEMPLATE[job.reason]);
    if (job.audience.includes('bidders') && bids.length > 0) {
      const byBin = new Map(bids.map((b) => [b.bin, b]));
      for (const r of await deps.reader.contractors([...byBin.keys()])) {
        const bid = byBin.get(r.bin!)!;
        const extra: Record<string, string> = { price: formatTenge(bid.price, r.language) };
        if (job.reason === 'awarded' && competition.award) {
          extra.won = String(competition.award.bin === r.bin);
          extra.winner = competition.award.bin;
          extra.price = formatTenge(competition.award.price, r.language);
        }
        add(r, TEMPLATE[job.reason], extra);
      }
    }
    if (job.audience.includes('askers')) {
      const askers = [...new Set((await deps.reader.questions(competition.id)).map((q) => q.askerBin))];
      for (const r of await deps.reader.contractors(askers)) add(r, TEMPLATE[job.reason]);
    }
  }

  let next: Record<string, string> | undefined;
  if (job.audience.includes('subscribers')) {
    // A reminder is "last chance" for those who have not bid; it goes out only while bids are still accepted.
    const stillOpen = job.reason !== 'reminder' || effectiveStatus(competition, clockNow()) === 'active.tendering';
    let cursor = job.cursor;
    for (let page = 0; page < SUBSCRIBER_PAGES_PER_JOB && stillOpen; page += 1) {
      const result = await deps.reader.subscribers(competition.kato, competition.sector, cursor);
      for (const r of result.items) {
        if (job.reason === 'reminder' && r.bin && bidders.has(r.bin)) continue;
        add(r, TEMPLATE[job.reason], {}, true);
      }
      cursor = result.cursor;
      if (!cursor) break;
    }
    next = cursor;
  }

  await deps.queue.sendMail(mails);
  // The rest of the audience goes on in a fresh invocation; the mails above are already queued.
  if (next) await deps.queue.sendMatch({ ...job, audience: ['subscribers'], cursor: next });
  return mails.length;
};
