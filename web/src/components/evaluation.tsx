/**
 * Evaluation, award and complaints in the portal (issue 13): the akimat's evaluation screen (each bid with its
 * automatic checks, the qualification decisions with reason codes, the ranking, the signed award of the first-ranked
 * bid), the award with its protocol and standstill, a bidder's own result, and the complaints of a competition with
 * the contractor's form. What may be done is read from the lifecycle table (`allows`), as everywhere in the portal.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { allows } from '../../../shared/domain/competition-lifecycle.js';
import { api, ApiError } from '../api.js';
import { useSession } from '../app-context.js';
import { serverNow } from '../clock.js';
import { dateTime, money } from '../format.js';
import { useI18n, type Lang, type MessageKey } from '../i18n/index.js';
import { localized } from '../reference.js';
import { findSigner } from '../signing.js';
import type { Competition, Complaint, DisqualificationReason, EvaluatedBid, EvaluationView, QualificationRequirement } from '../types.js';
import type { TenderDocumentView } from './documents.js';
import { Countdown, ErrorMessage, Facts, Field, Loading, Notice, useAction, useLoad } from './ui.js';

const competitionPath = (id: string): string => `/competitions/${encodeURIComponent(id)}`;

/** The reason codes of a disqualification, in the three languages (`GET /reference/disqualification-reasons`). */
export const useDisqualificationReasons = () =>
  useLoad(async () => (await api<{ items: DisqualificationReason[] }>('/reference/disqualification-reasons')).items, []);

/**
 * The evaluation of a competition whose bids are opened, or null where the caller may not see it (a contractor that
 * did not bid: 403) or there is none yet (sealed bids: 409).
 */
export const useEvaluation = (c: Competition, enabled: boolean) =>
  useLoad(async () => {
    if (!enabled) return null;
    try {
      return await api<EvaluationView>(`${competitionPath(c.id)}/evaluation`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 409 || e.status === 404)) return null;
      throw e;
    }
  }, [c.id, c.status, c.updatedAt, enabled]);

/** One automatic check: its wording and whether it passed. */
const Check = ({ ok, name, children }: { ok: boolean; name: string; children: string }) => (
  <li data-check={name} data-ok={String(ok)}>
    <span class={`pill ${ok ? 'pill-green' : 'pill-red'}`}>{ok ? '✓' : '!'}</span> {children}
  </li>
);

const Checks = ({ bid: b }: { bid: EvaluatedBid }) => {
  const { t, lang } = useI18n();
  const amount = money(b.checks.bidSecurity.requiredAmount, lang);
  return (
    <ul class="checks" data-testid="bid-checks">
      <Check ok={b.checks.signatureValid} name="signature">
        {t(b.checks.signatureValid ? 'checks.signatureValid' : 'checks.signatureMissing')}
      </Check>
      <Check ok={b.checks.bidSecurity.present} name="bidSecurity">
        {t(b.checks.bidSecurity.present ? 'checks.securityPresent' : 'checks.securityMissing', { amount })}
      </Check>
      <Check ok={!b.checks.unscrupulous.listed} name="unscrupulous">
        {b.checks.unscrupulous.listed ? t('checks.listed', { entry: b.checks.unscrupulous.entryId ?? '—' }) : t('checks.notListed')}
      </Check>
      <Check ok={!b.checks.abnormallyLow} name="abnormallyLow">
        {t(b.checks.abnormallyLow ? 'checks.abnormallyLow' : 'checks.notAbnormallyLow')}
      </Check>
      <Check ok={!b.checks.aboveEstimate} name="aboveEstimate">
        {t(b.checks.aboveEstimate ? 'checks.aboveEstimate' : 'checks.withinEstimate')}
      </Check>
    </ul>
  );
};

const reasonTitle = (reasons: readonly DisqualificationReason[] | undefined, code: string, lang: Lang): string => {
  const title = reasons?.find((r) => r.code === code)?.title;
  return title ? localized(title, lang) : code;
};

/** A bid's qualification decision and its reasons, in the display language. */
const Decision = ({ bid: b, reasons }: { bid: EvaluatedBid; reasons: readonly DisqualificationReason[] | undefined }) => {
  const { t, lang } = useI18n();
  const q = b.qualification;
  if (!q) return <span class="pill" data-decision="none">{t('evaluation.undecided')}</span>;
  return (
    <>
      <span class={`pill ${q.decision === 'qualified' ? 'pill-green' : 'pill-red'}`} data-decision={q.decision}>
        {t(q.decision === 'qualified' ? 'evaluation.qualified' : 'evaluation.disqualified')}
      </span>
      {q.reasons.length > 0 && (
        <ul class="reasons" data-testid="decision-reasons">
          {q.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`}>
              <strong>{reasonTitle(reasons, r.code, lang)}</strong>
              {r.text && <>: {r.text}</>}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('evaluation.decidedAt', { at: dateTime(q.decidedAt, lang) })}</p>
    </>
  );
};

/** The decision form: one bid, qualified or disqualified with a reason code and an explanation. */
const DecisionForm = ({
  competition: c,
  bids,
  reasons,
  onDecided,
}: {
  competition: Competition;
  bids: readonly EvaluatedBid[];
  reasons: readonly DisqualificationReason[];
  onDecided: (view: EvaluationView) => void;
}) => {
  const { t, lang } = useI18n();
  const [bin, setBin] = useState(bids[0]?.bin ?? '');
  const [decision, setDecision] = useState<'qualified' | 'disqualified'>('qualified');
  const [code, setCode] = useState<string>(reasons[0]?.code ?? 'qualificationNotMet');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string>();
  const decide = useAction(async () => {
    setSaved(undefined);
    const body = decision === 'qualified' ? { decision } : { decision, reasons: [{ code, text: text.trim() }] };
    const view = await api<EvaluationView>(`${competitionPath(c.id)}/bids/${encodeURIComponent(bin)}/qualification`, { body });
    setText('');
    setSaved(bin);
    onDecided(view);
  });
  return (
    <form
      class="stack"
      aria-labelledby="decision-title"
      data-testid="decision-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (decision === 'disqualified' && !text.trim()) return;
        void decide.run();
      }}
    >
      <h3 id="decision-title">{t('evaluation.decide')}</h3>
      <p class="hint">{t('evaluation.decideHint')}</p>
      <Field id="decision-bin" label={t('evaluation.bid')}>
        {() => (
          <select id="decision-bin" value={bin} onChange={(e) => setBin((e.currentTarget as HTMLSelectElement).value)}>
            {bids.map((b) => (
              <option key={b.bin} value={b.bin}>
                {t('common.bin')} {b.bin} · {money(b.price, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>{t('evaluation.decision')}</legend>
        {(['qualified', 'disqualified'] as const).map((d) => (
          <label class="choice" key={d}>
            <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {t(d === 'qualified' ? 'evaluation.qualify' : 'evaluation.disqualify')}
          </label>
        ))}
      </fieldset>
      {decision === 'disqualified' && (
        <>
          <Field id="decision-reason" label={t('evaluation.reason')}>
            {() => (
              <select id="decision-reason" value={code} onChange={(e) => setCode((e.currentTarget as HTMLSelectElement).value)}>
                {reasons.map((r) => (
                  <option key={r.code} value={r.code}>
                    {localized(r.title, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="decision-text" label={t('evaluation.reasonText')} hint={t('evaluation.reasonTextHint')}>
            {(describedBy) => (
              <textarea id="decision-text" rows={3} required maxLength={2000} value={text} aria-describedby={describedBy} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
            )}
          </Field>
        </>
      )}
      <button type="submit" class="button button-secondary" disabled={decide.busy || !bin}>
        {t('evaluation.saveDecision')}
      </button>
      {saved && <Notice>{t('evaluation.decisionSaved', { bin: saved })}</Notice>}
      <ErrorMessage error={decide.error} />
    </form>
  );
};

/** The bids with their checks, decisions and ranks; `action` renders the last column where there is one. */
const EvaluationTable = ({
  view,
  reasons,
  highlight,
  action,
}: {
  view: EvaluationView;
  reasons: readonly DisqualificationReason[] | undefined;
  highlight?: string | undefined;
  action?: ((b: EvaluatedBid) => ComponentChildren) | undefined;
}) => {
  const { t, lang } = useI18n();
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="evaluation-title">
      <table data-testid="evaluation">
        <caption class="visually-hidden">{t('evaluation.title')}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">{t('evaluation.rank')}</th>
            <th scope="col">{t('common.bin')}</th>
            <th scope="col">{t('bid.price')}</th>
            <th scope="col">{t('evaluation.checks')}</th>
            <th scope="col">{t('evaluation.decision')}</th>
            {action && <th scope="col">{t('bids.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {view.bids.map((b) => (
            <tr key={b.bin} data-bin={b.bin} class={highlight === b.bin ? 'row-own' : undefined}>
              <td class="num" data-testid="bid-rank">
                {b.rank ?? '—'}
              </td>
              <td>
                <code>{b.bin}</code>
                {!b.valid && <p class="hint">{t('bid.status.invalidated')}</p>}
                {view.award?.bin === b.bin && (
                  <p>
                    <span class="pill pill-green">{t('evaluation.winner')}</span>
                  </p>
                )}
              </td>
              <td>
                {money(b.price, lang)}
                <p class="hint">{dateTime(b.submittedAt, lang)}</p>
              </td>
              <td>
                <Checks bid={b} />
              </td>
              <td data-testid="bid-decision">
                <Decision bid={b} reasons={reasons} />
              </td>
              {action && <td>{action(b)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** The award: winner, signature, the evaluation protocol's link, and the standstill with its countdown. */
export const AwardPanel = ({ competition: c, contractPossible }: { competition: Competition; contractPossible?: boolean | undefined }) => {
  const { t, lang } = useI18n();
  const award = c.award;
  const documents = useLoad(
    async () => (award?.protocolDocumentId ? (await api<{ items: TenderDocumentView[] }>(`${competitionPath(c.id)}/documents`)).items : []),
    [c.id, award?.protocolDocumentId],
  );
  if (!award) {
    if (!c.cancelledAwards?.length) return null;
    const last = c.cancelledAwards[c.cancelledAwards.length - 1]!;
    return (
      <section class="panel" aria-labelledby="award-title" data-testid="award">
        <h2 id="award-title">{t('award.title')}</h2>
        <p class="message message-warn" data-testid="award-cancelled">
          {t('award.cancelled', { bin: last.bin, at: dateTime(last.at, lang) })}
          {c.evaluationReopenedAt && <> {t('award.reopened', { at: dateTime(c.evaluationReopenedAt, lang) })}</>}
        </p>
      </section>
    );
  }
  const protocol = documents.data?.find((d) => d.id === award.protocolDocumentId);
  const period = award.complaintPeriod;
  const inStandstill = !!period && serverNow() < new Date(period.endDate).getTime();
  return (
    <section class="panel panel-accent" aria-labelledby="award-title" data-testid="award">
      <h2 id="award-title">{t('award.title')}</h2>
      <Facts
        rows={[
          [t('competition.award'), <span data-testid="award-winner">{t('competition.awardText', { bin: award.bin, price: money(award.price, lang) })}</span>],
          [t('award.at'), dateTime(award.at, lang)],
          !!award.signer && [t('bid.signedBy'), `${award.signer.commonName} (${award.signer.certificateSerial})`],
          !!award.protocolDocumentId && [
            t('award.protocol'),
            protocol?.url ? (
              <a href={protocol.url} data-testid="protocol-link" type="application/pdf">
                {protocol.fileName}
              </a>
            ) : documents.loading ? (
              t('common.loading')
            ) : (
              <span data-testid="protocol-link">{protocol?.fileName ?? award.protocolDocumentId}</span>
            ),
          ],
          !!period && [
            t('award.standstill'),
            <span data-testid="standstill">
              {dateTime(period.startDate, lang)} — {dateTime(period.endDate, lang)}
            </span>,
          ],
        ]}
      />
      <ErrorMessage error={documents.error} />
      {period && inStandstill && <Countdown deadline={period.endDate} label={t('award.standstillLeft')} />}
      {period && !inStandstill && <p data-testid="standstill-over">{t(contractPossible === false ? 'award.standstillBlocked' : 'award.standstillOver')}</p>}
      {!!c.cancelledAwards?.length && (
        <p class="hint" data-testid="cancelled-awards">
          {t('award.cancelledBefore', {
            list: c.cancelledAwards.map((a) => `${a.bin} (${dateTime(a.at, lang)})`).join('; '),
          })}
        </p>
      )}
    </section>
  );
};

/**
 * The akimat's evaluation screen: the bids with their checks, decisions and ranking, the decision form while
 * decisions may change, and the award of the first-ranked bid, signed with the organisation's certificate.
 */
export const AkimatEvaluation = ({
  competition: c,
  onChanged,
  onDecided,
}: {
  competition: Competition;
  onChanged: (c: Competition) => void;
  /** A decision was recorded (the competition itself may not change). */
  onDecided?: () => void;
}) => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const opened = !!c.bidsOpened || !!c.bidsOpenedAt;
  const evaluation = useEvaluation(c, opened);
  const reasons = useDisqualificationReasons();
  const now = new Date(serverNow());
  const canQualify = allows('qualify', c, now);
  const canAward = allows('award', c, now);
  // The award is three steps: the canonical bytes (with the protocol's SHA-256) are fetched, the akimat signs them
  // with its organisation's certificate, and the signed award is sent.
  const award = useAction(async (bin: string) => {
    const base = competitionPath(c.id);
    const { payload } = await api<{ payload: string }>(`${base}/award/signing-payload`, { body: { bin } });
    if (!session?.bin) throw new Error(t('bids.noOrganisation'));
    const signer = await findSigner(session.bin);
    onChanged(await api<Competition>(`${base}/award`, { body: { bin, signature: await signer.sign(payload) } }));
  });
  if (!opened) return null;
  const view = evaluation.data;
  return (
    <>
      <section class="panel" aria-labelledby="evaluation-title" data-testid="evaluation-section">
        <h2 id="evaluation-title">{t('evaluation.title')}</h2>
        {evaluation.loading && !view && <Loading />}
        <ErrorMessage error={evaluation.error ?? reasons.error} />
        {view?.evaluationPeriod && c.status === 'active.evaluation' && (
          <p data-testid="evaluation-period">
            {t('evaluation.period', { start: dateTime(view.evaluationPeriod.startDate, lang), end: dateTime(view.evaluationPeriod.endDate, lang) })}
          </p>
        )}
        {view && view.bids.length === 0 && <p class="empty">{t('bids.none')}</p>}
        {view && view.bids.length > 0 && (
          <>
            <p class="hint">{t('evaluation.rankHint')}</p>
            <EvaluationTable
              view={view}
              reasons={reasons.data}
              action={
                canAward
                  ? (b) =>
                      b.rank === 1 ? (
                        <button type="button" class="button button-small" disabled={award.busy} onClick={() => void award.run(b.bin)} aria-label={t('bids.awardTo', { bin: b.bin })}>
                          {t('bids.award')}
                        </button>
                      ) : null
                  : undefined
              }
            />
            {canAward && !view.bids.some((b) => b.rank === 1) && <p class="message message-warn">{t('evaluation.noneQualified')}</p>}
            {award.busy && <p role="status">{t('award.signing')}</p>}
            <ErrorMessage error={award.error} />
            {canQualify && reasons.data && (
              <DecisionForm
                competition={c}
                bids={view.bids}
                reasons={reasons.data}
                onDecided={(next) => {
                  evaluation.set(next);
                  onDecided?.();
                  // Disqualifying the last bid ends the competition: the page follows its status.
                  if (next.status !== c.status) void api<Competition>(competitionPath(c.id)).then(onChanged, () => undefined);
                }}
              />
            )}
          </>
        )}
      </section>
      <AwardPanel competition={c} contractPossible={view?.contractPossible} />
    </>
  );
};

/** A contractor's own result in a competition it bid in: its decision and reasons, its rank, and whether it won. */
export const BidderResult = ({ competition: c, view }: { competition: Competition; view: EvaluationView }) => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const reasons = useDisqualificationReasons();
  const own = view.bids.find((b) => b.bin === session?.bin);
  if (!own) return null;
  const outcome: MessageKey = view.award
    ? view.award.bin === own.bin
      ? 'result.won'
      : 'result.lost'
    : c.status === 'unsuccessful'
      ? 'result.unsuccessful'
      : 'result.pending';
  return (
    <section class="panel panel-accent" aria-labelledby="result-title" data-testid="bidder-result">
      <h2 id="result-title">{t('result.title')}</h2>
      <p data-testid="result-outcome">
        <strong>{t(outcome)}</strong>
      </p>
      <Facts
        rows={[
          [t('bid.price'), money(own.price, lang)],
          [t('evaluation.decision'), <div data-testid="result-decision"><Decision bid={own} reasons={reasons.data} /></div>],
          [t('evaluation.rank'), own.rank ? String(own.rank) : '—'],
        ]}
      />
      <details>
        <summary>{t('result.all', { count: view.bids.length })}</summary>
        <EvaluationTable view={view} reasons={reasons.data} highlight={own.bin} />
      </details>
    </section>
  );
};

export const ComplaintStatus = ({ status }: { status: Complaint['status'] }) => {
  const { t } = useI18n();
  const tone = status === 'pending' ? 'pill-amber' : status === 'satisfied' ? 'pill-green' : 'pill-red';
  return (
    <span class={`pill ${tone}`} data-complaint-status={status}>
      {t(`complaint.status.${status}` as MessageKey)}
    </span>
  );
};

/** One complaint as anyone sees it: subject, author's organisation, dates, status and the decision. */
export const ComplaintEntry = ({ complaint: k, children }: { complaint: Complaint; children?: ComponentChildren }) => {
  const { t, lang } = useI18n();
  return (
    <li class="complaint" data-complaint-id={k.id}>
      <p class="complaint-title">
        <strong>{k.title}</strong> <ComplaintStatus status={k.status} />
      </p>
      <p class="qa-meta">
        {t(k.subject === 'award' ? 'complaint.subject.award' : 'complaint.subject.tender')} · {k.author.name} ({t('common.bin')} {k.author.bin}) ·{' '}
        {t('complaint.filedAt', { at: dateTime(k.filedAt, lang) })}
        {k.status === 'pending' && <> · {t('complaint.reviewDue', { at: dateTime(k.reviewDueAt, lang) })}</>}
      </p>
      <p class="description">{k.text}</p>
      {k.decision && (
        <p class="qa-answer" data-testid="complaint-decision">
          <span class="qa-label">{t('complaint.decision', { at: dateTime(k.decision.at, lang) })}</span> {k.decision.text}
        </p>
      )}
      {children}
    </li>
  );
};

/**
 * The complaints of a competition (public), and for a contractor the form: about the award while its standstill
 * lasts (a losing bidder), about the tender conditions while they may be challenged.
 */
export const ComplaintsSection = ({ competition: c, awardComplaintAllowed }: { competition: Competition; awardComplaintAllowed: boolean }) => {
  const { t } = useI18n();
  const { session } = useSession();
  const complaints = useLoad(async () => (await api<{ items: Complaint[] }>(`${competitionPath(c.id)}/complaints`)).items, [c.id, c.status, c.updatedAt]);
  const now = new Date(serverNow());
  const subjects = [
    ...(session?.role === 'contractor' && awardComplaintAllowed && allows('fileAwardComplaint', c, now) ? (['award'] as const) : []),
    ...(session?.role === 'contractor' && allows('fileTenderComplaint', c, now) ? (['tender'] as const) : []),
  ];
  const [subject, setSubject] = useState<'award' | 'tender'>();
  const chosen = subject && subjects.includes(subject) ? subject : subjects[0];
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [filed, setFiled] = useState(false);
  const file = useAction(async () => {
    setFiled(false);
    await api(`${competitionPath(c.id)}/complaints`, { body: { subject: chosen, title: title.trim(), text: text.trim() } });
    setTitle('');
    setText('');
    setFiled(true);
    complaints.reload();
  });
  const items = complaints.data ?? [];
  if (c.status === 'draft') return null;
  return (
    <section class="panel" aria-labelledby="complaints-title">
      <h2 id="complaints-title">{t('complaints.title')}</h2>
      {complaints.loading && !complaints.data && <Loading />}
      <ErrorMessage error={complaints.error} />
      {complaints.data && items.length === 0 && <p class="empty">{t('complaints.none')}</p>}
      {items.length > 0 && (
        <ol class="qa-list" data-testid="complaints">
          {items.map((k) => (
            <ComplaintEntry key={k.id} complaint={k} />
          ))}
        </ol>
      )}
      {chosen && (
        <form
          class="stack"
          aria-labelledby="complaint-form-title"
          data-testid="complaint-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim() && text.trim()) void file.run();
          }}
        >
          <h3 id="complaint-form-title">{t('complaints.file')}</h3>
          <p class="hint">{t(chosen === 'award' ? 'complaints.awardHint' : 'complaints.tenderHint')}</p>
          {subjects.length > 1 && (
            <fieldset>
              <legend>{t('complaints.subject')}</legend>
              {subjects.map((s) => (
                <label class="choice" key={s}>
                  <input type="radio" name="complaint-subject" value={s} checked={chosen === s} onChange={() => setSubject(s)} />{' '}
                  {t(s === 'award' ? 'complaint.subject.award' : 'complaint.subject.tender')}
                </label>
              ))}
            </fieldset>
          )}
          <Field id="complaint-title" label={t('complaints.titleLabel')}>
            {() => <input id="complaint-title" required maxLength={300} value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field id="complaint-text" label={t('complaints.textLabel')}>
            {() => <textarea id="complaint-text" rows={5} required maxLength={10000} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
          </Field>
          <button type="submit" class="button" disabled={file.busy}>
            {t('complaints.submit')}
          </button>
          {filed && <Notice>{t('complaints.filed')}</Notice>}
          <ErrorMessage error={file.error} />
        </form>
      )}
    </section>
  );
};

/**
 * What a bid must meet: the qualification requirements the competition names (from its sector's template) and the
 * bid security, 1 % of the bid's price unless the competition says otherwise.
 */
export const RequirementsSection = ({ competition: c, defaultSecurityPercent }: { competition: Competition; defaultSecurityPercent: string }) => {
  const { t, lang } = useI18n();
  const codes = c.qualificationRequirements ?? [];
  const template = useLoad(
    async () =>
      codes.length
        ? (await api<{ items: QualificationRequirement[] }>('/reference/qualification-requirements', { query: { sector: c.sector } })).items
        : [],
    [c.sector, codes.join(',')],
  );
  return (
    <section class="panel" aria-labelledby="requirements-title" data-testid="requirements">
      <h2 id="requirements-title">{t('requirements.title')}</h2>
      <p data-testid="bid-security">{t('requirements.security', { percent: c.bidSecurity?.percent ?? defaultSecurityPercent })}</p>
      <ErrorMessage error={template.error} />
      {codes.length > 0 && (
        <ul>
          {codes.map((code) => {
            const title = template.data?.find((r) => r.code === code)?.title;
            return <li key={code}>{title ? localized(title, lang) : code}</li>;
          })}
        </ul>
      )}
    </section>
  );
};
