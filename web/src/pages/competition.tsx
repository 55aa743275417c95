/**
 * A competition's public page: facts, periods with a countdown, description, documents, questions and answers,
 * amendment history and the open-data record, the award (protocol, standstill) and the complaints; for a contractor
 * also the question form, its bid envelopes, its sealed bid, its result after evaluation and the complaint form.
 */
import { useState } from 'preact/hooks';
import { allows } from '../../../shared/domain/competition-lifecycle.js';
import { api, ApiError, type Page } from '../api.js';
import { useSession } from '../app-context.js';
import { serverNow } from '../clock.js';
import { config, DEFAULT_OCID_PREFIX } from '../config.js';
import { BidDocumentLinks, BidEnvelopes, TenderDocumentsSection, type BidDocumentLink, type BidDocumentView } from '../components/documents.js';
import { DEFAULT_BID_SECURITY } from '../../../shared/domain/evaluation.js';
import { AwardPanel, BidderResult, ComplaintsSection, RequirementsSection, useEvaluation } from '../components/evaluation.js';
import { Countdown, ErrorMessage, Facts, Field, Loading, Notice, StatusBadge, useAction, useLoad } from '../components/ui.js';
import { dateTime, money, parseTengeInput } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { localized, regionName, sectorName } from '../reference.js';
import { Link } from '../router.js';
import { findSigner, type BrowserSigner } from '../signing.js';
import type { AuditEvent, Competition, Question, Receipt } from '../types.js';

export const PeriodsSection = ({ competition: c }: { competition: Competition }) => {
  const { t, lang } = useI18n();
  if (!c.enquiryPeriod && !c.tenderPeriod) return null;
  const open = c.status === 'active.clarification' || c.status === 'active.tendering';
  return (
    <section aria-labelledby="periods-title" class="panel">
      <h2 id="periods-title">{t('competition.periods')}</h2>
      <Facts
        rows={[
          !!c.enquiryPeriod && [
            t('competition.enquiryPeriod'),
            <span data-testid="enquiry-period">
              {dateTime(c.enquiryPeriod.startDate, lang)} — {dateTime(c.enquiryPeriod.endDate, lang)}
            </span>,
          ],
          !!c.tenderPeriod && [
            t('competition.tenderPeriod'),
            <span data-testid="tender-period">
              {dateTime(c.tenderPeriod.startDate, lang)} — {dateTime(c.tenderPeriod.endDate, lang)}
            </span>,
          ],
        ]}
      />
      {open && c.tenderPeriod && <Countdown deadline={c.tenderPeriod.endDate} label={t('countdown.toDeadline')} />}
    </section>
  );
};

const QuestionsSection = ({ competition, canAsk }: { competition: Competition; canAsk: boolean }) => {
  const { t, lang } = useI18n();
  const questions = useLoad(() => api<{ items: Question[] }>(`/competitions/${encodeURIComponent(competition.id)}/questions`), [competition.id]);
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const ask = useAction(async () => {
    await api(`/competitions/${encodeURIComponent(competition.id)}/questions`, { body: { text: text.trim() } });
    setText('');
    setSent(true);
    questions.reload();
  });
  const items = questions.data?.items ?? [];
  return (
    <section aria-labelledby="questions-title" class="panel">
      <h2 id="questions-title">{t('questions.title')}</h2>
      {questions.loading && !questions.data && <Loading />}
      <ErrorMessage error={questions.error} />
      {questions.data && items.length === 0 && <p class="empty">{t('questions.none')}</p>}
      {items.length > 0 && (
        <ol class="qa-list" data-testid="questions">
          {items.map((q) => (
            <li key={q.id} class="qa">
              <p class="qa-question">
                <span class="qa-label">{t('questions.question')}</span> {q.text}
              </p>
              <p class="qa-meta">{t('questions.askedAt', { at: dateTime(q.askedAt, lang) })}</p>
              {q.answer ? (
                <>
                  <p class="qa-answer">
                    <span class="qa-label">{t('questions.answer')}</span> {q.answer.text}
                  </p>
                  <p class="qa-meta">{t('questions.answeredAt', { at: dateTime(q.answer.at, lang) })}</p>
                </>
              ) : (
                <p class="qa-meta qa-pending">{t('questions.awaiting')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {canAsk && (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            setSent(false);
            if (text.trim()) void ask.run();
          }}
        >
          <Field id="question-text" label={t('questions.ask')} hint={t('questions.askHint')}>
            {(describedBy) => (
              <textarea
                id="question-text"
                rows={3}
                maxLength={4000}
                required
                value={text}
                aria-describedby={describedBy}
                onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <button type="submit" class="button" disabled={ask.busy}>
            {t('questions.send')}
          </button>
          {sent && <Notice>{t('questions.sent')}</Notice>}
          <ErrorMessage error={ask.error} />
        </form>
      )}
    </section>
  );
};

/** The facts a bid signs, as `…/signing-payload` returns them. */
interface SigningFacts {
  readonly competitionId: string;
  readonly competitionVersion: number;
  readonly bin: string;
  readonly price: string;
  readonly documents: readonly { id: string; sha256: string }[];
}

/** The receipt of `GET`/`PUT …/bids/me`, with the documents the bid carries. */
type OwnReceipt = Receipt & { readonly documents?: readonly BidDocumentLink[] };

const BidPanel = ({ competition }: { competition: Competition }) => {
  const { t, lang } = useI18n();
  const path = `/competitions/${encodeURIComponent(competition.id)}/bids/me`;
  const bid = useLoad(async () => {
    try {
      return await api<OwnReceipt>(path);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [competition.id]);
  const [price, setPrice] = useState('');
  const [priceError, setPriceError] = useState<string>();
  const [done, setDone] = useState<MessageKey>();
  const tendering = allows('submitBid', competition, new Date(serverNow()));
  const envelopes = useLoad(async () => (await api<{ items: BidDocumentView[] }>(`${path}/documents`)).items, [competition.id]);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const included = (envelopes.data ?? []).filter((d) => d.status === 'active' && !excluded.has(d.id)).map((d) => d.id);
  const inBid = new Set((bid.data?.documents ?? []).map((d) => d.id));
  const fileNameOf = (id: string): string => envelopes.data?.find((d) => d.id === id)?.fileName ?? id;

  // Submitting is two steps: the contractor first sees exactly what is signed and by whom, then signs and sends.
  const [pending, setPending] = useState<{
    price: string;
    documents: readonly string[];
    payload: string;
    facts: SigningFacts;
    signer?: BrowserSigner;
    signerError?: string;
  }>();
  const submit = useAction(async () => {
    const parsed = parseTengeInput(price);
    if (!parsed || Number(parsed) <= 0) {
      setPriceError(t('bid.priceInvalid'));
      return;
    }
    setPriceError(undefined);
    const documents = included.length ? { documents: included } : {};
    const { payload } = await api<{ payload: string; sha256: string }>(`${path}/signing-payload`, { method: 'POST', body: { price: parsed, ...documents } });
    const facts = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))) as SigningFacts;
    try {
      setPending({ price: parsed, documents: included, payload, facts, signer: await findSigner(facts.bin) });
    } catch (e) {
      setPending({ price: parsed, documents: included, payload, facts, signerError: (e as Error).message });
    }
  });
  const signAndSend = useAction(async () => {
    if (!pending?.signer) return;
    const signature = await pending.signer.sign(pending.payload);
    const replacing = !!bid.data;
    const documents = pending.documents.length ? { documents: pending.documents } : {};
    const receipt = await api<OwnReceipt>(path, { method: 'PUT', body: { price: pending.price, ...documents, signature } });
    bid.set({ ...receipt, status: 'submitted' });
    // The answer names the documents; reading the bid back gives their download links.
    if (receipt.documents?.length) bid.reload();
    setPending(undefined);
    setPrice('');
    setDone(replacing ? 'bid.replaced' : 'bid.submitted');
  });
  const withdraw = useAction(async () => {
    await api(path, { method: 'DELETE' });
    bid.set(null);
    setDone('bid.withdrawn');
  });

  return (
    <>
      {(tendering || !!envelopes.data?.length || !!envelopes.error) && (
        <BidEnvelopes
          competitionId={competition.id}
          documents={envelopes.data}
          error={envelopes.error}
          onChanged={envelopes.reload}
          tendering={tendering}
          excluded={excluded}
          onExclude={(id, exclude) => {
            const next = new Set(excluded);
            if (exclude) next.add(id);
            else next.delete(id);
            setExcluded(next);
          }}
          inBid={inBid}
        />
      )}
      <section aria-labelledby="bid-title" class="panel panel-accent" data-testid="bid-panel">
        <h2 id="bid-title">{t('bid.title')}</h2>
        <p class="hint">{t('bid.sealed')}</p>
        {bid.loading && bid.data === undefined && <Loading />}
        <ErrorMessage error={bid.error} />
        {bid.data && (
          <div class="receipt" data-testid="receipt">
            <h3>{t('bid.receipt')}</h3>
            <Facts
              rows={[
                [t('bid.price'), <strong data-testid="bid-price">{money(bid.data.price, lang)}</strong>],
                [t('bid.submittedAt'), dateTime(bid.data.submittedAt, lang)],
                [t('bid.status'), t(bid.data.status === 'invalidated' ? 'bid.status.invalidated' : 'bid.status.submitted')],
                [t('bid.receiptId'), <code>{bid.data.receiptId}</code>],
                [t('bid.digest'), <code class="digest">{bid.data.digest}</code>],
                bid.data.signer && [t('bid.signedBy'), <span data-testid="bid-signer">{bid.data.signer.commonName}</span>],
                bid.data.signer && [t('bid.certificate'), <code>{bid.data.signer.certificateSerial}</code>],
                bid.data.signer && [t('bid.issuer'), bid.data.signer.issuer],
                !!bid.data.documents?.length && [t('bid.documents'), <BidDocumentLinks documents={bid.data.documents} testId="bid-documents" />],
              ]}
            />
            {bid.data.status === 'invalidated' && <p class="message message-warn">{t('bid.confirmAgain')}</p>}
          </div>
        )}
        {bid.data === null && !done && <p>{t('bid.none')}</p>}
        {done && <Notice>{t(done)}</Notice>}
        {tendering ? (
          <form
            class="stack"
            onSubmit={(event) => {
              event.preventDefault();
              setDone(undefined);
              void submit.run();
            }}
          >
            <Field id="bid-price" label={t('bid.priceLabel')} hint={t('bid.priceHint')} error={priceError}>
              {(describedBy, invalid) => (
                <input
                  id="bid-price"
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  required
                  value={price}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onInput={(e) => setPrice((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
            <div class="actions">
              <button type="submit" class="button" disabled={submit.busy}>
                {bid.data ? t('bid.replace') : t('bid.submit')}
              </button>
              {bid.data && (
                <button
                  type="button"
                  class="button button-danger"
                  disabled={withdraw.busy}
                  onClick={() => {
                    setDone(undefined);
                    void withdraw.run();
                  }}
                >
                  {t('bid.withdraw')}
                </button>
              )}
            </div>
            <ErrorMessage error={submit.error ?? withdraw.error} />
            {pending && (
              <div class="receipt" data-testid="bid-signing" role="group" aria-labelledby="bid-signing-title">
                <h3 id="bid-signing-title">{t('bid.signingTitle')}</h3>
                <Facts
                  rows={[
                    [t('bid.price'), <strong data-testid="bid-signing-price">{money(pending.facts.price, lang)}</strong>],
                    [
                      t('bid.documents'),
                      pending.facts.documents.length ? (
                        <ul class="bid-documents" data-testid="bid-signing-documents">
                          {pending.facts.documents.map((d) => (
                            <li key={d.id}>
                              {fileNameOf(d.id)} <code class="digest">{d.sha256}</code>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        t('bid.documentsNone')
                      ),
                    ],
                    [t('bid.competitionVersion'), String(pending.facts.competitionVersion)],
                    [t('bid.bin'), pending.facts.bin],
                    [
                      t('bid.signedBy'),
                      <span data-testid="bid-signing-signer">
                        {pending.signer?.describe.kind === 'ncalayer'
                          ? t('bid.signerNcaLayer')
                          : pending.signer?.describe.kind === 'development'
                            ? `${pending.signer.describe.commonName} (${t('bid.signerDevelopment')}, ${pending.signer.describe.serialNumber})`
                            : '—'}
                      </span>,
                    ],
                  ]}
                />
                {pending.signerError && (
                  <p class="message message-error" role="alert">
                    {t('bid.signerUnavailable')} <span lang="en">{pending.signerError}</span>
                  </p>
                )}
                <div class="actions">
                  <button type="button" class="button" data-testid="bid-sign" disabled={!pending.signer || signAndSend.busy} onClick={() => void signAndSend.run()}>
                    {t('bid.signAndSend')}
                  </button>
                  <button type="button" class="button button-secondary" onClick={() => setPending(undefined)}>
                    {t('bid.cancel')}
                  </button>
                </div>
                <ErrorMessage error={signAndSend.error} />
              </div>
            )}
          </form>
        ) : (
          <p class="hint" data-testid="bid-closed">
            {competition.tenderPeriod && new Date(serverNow()).toISOString() < competition.tenderPeriod.startDate
              ? t('bid.opensAt', { at: dateTime(competition.tenderPeriod.startDate, lang) })
              : t('bid.closed')}
          </p>
        )}
      </section>
    </>
  );
};

interface OcdsRecordPackage {
  readonly records?: readonly {
    readonly releases?: readonly { readonly url: string; readonly date: string; readonly tag: readonly string[] }[];
    readonly compiledRelease?: { readonly tender?: { readonly amendments?: readonly { readonly id: string; readonly date: string }[] } };
  }[];
}

/** The API never sends an ocid: it is `<OCDS_PREFIX>-<competition id>` (the prefix from the portal configuration). */
export const ocidOf = (c: Competition): string => `${config().ocidPrefix ?? DEFAULT_OCID_PREFIX}-${c.id}`;

/** The open-data (OCDS) record of a competition, or null while the API has not published one. */
const useOcdsRecord = (c: Competition) =>
  useLoad(async () => {
    try {
      return await api<OcdsRecordPackage>(`/ocds/records/${encodeURIComponent(ocidOf(c))}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [c.id, c.version, c.status]);

/**
 * Amendments: the version for everyone, with the dates of the amendments from the open-data record; for the region's
 * akimat and ministries also the fields each amendment changed, from the audit log.
 */
const AmendmentsSection = ({ competition: c, record }: { competition: Competition; record: OcdsRecordPackage | null | undefined }) => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const privileged = session?.role === 'ministry' || (session?.role === 'akimat' && session.kato === c.kato);
  const events = useLoad(
    async () =>
      privileged
        ? (await api<Page<AuditEvent>>(`/competitions/${encodeURIComponent(c.id)}/events`, { query: { limit: '100' } })).items
        : [],
    [c.id, privileged],
  );
  const audited = (events.data ?? []).filter((e) => e.type === 'competition.amended');
  const published = record?.records?.[0]?.compiledRelease?.tender?.amendments ?? [];
  return (
    <section aria-labelledby="amendments-title" class="panel">
      <h2 id="amendments-title">{t('amendments.title')}</h2>
      <p data-testid="version">{t('amendments.version', { version: c.version, count: Math.max(0, c.version - 1) })}</p>
      {c.bidsValidFromVersion > 1 && <p class="message message-warn">{t('amendments.bidsReconfirm', { version: c.bidsValidFromVersion })}</p>}
      {privileged && audited.length > 0 ? (
        <ol class="timeline" data-testid="amendments">
          {audited.map((e) => (
            <li key={e.eventId}>
              <strong>{t('amendments.entry', { version: String(e.data?.version ?? '') })}</strong> · {dateTime(e.at, lang)}
              <br />
              {t('amendments.fields')}{' '}
              {((e.data?.fields as string[] | undefined) ?? []).map((f) => t(`field.${f}` as MessageKey)).join(', ')}
              {((e.data?.documents as { id: string; title: string; version: number }[] | undefined) ?? []).map((d) => (
                <span key={`${d.id}-${d.version}`}>
                  {' '}
                  · {d.title} ({t('documents.version', { version: d.version })})
                </span>
              ))}
              {e.data?.bidsInvalidated === true && <> · {t('amendments.invalidated')}</>}
            </li>
          ))}
        </ol>
      ) : published.length > 0 ? (
        <ol class="timeline" data-testid="amendments">
          {published.map((a) => (
            <li key={a.id}>
              <strong>{t('amendments.entry', { version: a.id })}</strong> · {dateTime(a.date, lang)}
            </li>
          ))}
        </ol>
      ) : (
        c.version > 1 && <p class="hint">{t('amendments.publicHint')}</p>
      )}
    </section>
  );
};

const OpenDataSection = ({ competition: c, record }: { competition: Competition; record: OcdsRecordPackage | null | undefined }) => {
  const { t, lang } = useI18n();
  const url = `${config().apiUrl}/ocds/records/${encodeURIComponent(ocidOf(c))}`;
  const releases = record?.records?.[0]?.releases ?? [];
  return (
    <section aria-labelledby="opendata-title" class="panel">
      <h2 id="opendata-title">{t('opendata.title')}</h2>
      {record ? (
        <>
          <p>
            <a href={url} data-testid="ocds-link" type="application/json">
              {t('opendata.record')}
            </a>{' '}
            <code data-testid="ocid">{ocidOf(c)}</code>
          </p>
          {releases.length > 0 && (
            <p class="hint">{t('opendata.releases', { count: releases.length, at: dateTime(releases[releases.length - 1]!.date, lang) })}</p>
          )}
        </>
      ) : (
        <p class="empty">{t('opendata.pending')}</p>
      )}
    </section>
  );
};

export const CompetitionPage = ({ id }: { id: string }) => {
  const competition = useLoad(() => api<Competition>(`/competitions/${encodeURIComponent(id)}`), [id]);
  const c = competition.data;
  if (!c) return <CompetitionMissing loading={competition.loading} error={competition.error} />;
  return <CompetitionView competition={c} />;
};

const CompetitionMissing = ({ loading, error }: { loading: boolean; error: unknown }) => {
  const { t } = useI18n();
  return (
    <section>
      <h1 tabIndex={-1}>{loading ? t('competition.loading') : t('competition.notFound')}</h1>
      {loading ? <Loading /> : <ErrorMessage error={error} />}
      <p>
        <Link href="/">{t('common.backToSearch')}</Link>
      </p>
    </section>
  );
};

const CompetitionView = ({ competition: c }: { competition: Competition }) => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const record = useOcdsRecord(c);

  const isContractor = session?.role === 'contractor';
  const ownAkimat = session?.role === 'akimat' && session.kato === c.kato;
  const enquiryOpen = allows('askQuestion', c, new Date(serverNow()));
  // A bidder's evaluation (null for a contractor that did not bid): its result, and whether it may complain about the award.
  const evaluation = useEvaluation(c, isContractor && (c.bidsOpened || !!c.bidsOpenedAt));
  const ownBin = session?.bin;
  const bidder = !!ownBin && !!evaluation.data?.bids.some((b) => b.bin === ownBin);
  return (
    <article class="competition" aria-labelledby="competition-title">
      <p class="breadcrumbs">
        <Link href="/">{t('common.backToSearch')}</Link>
      </p>
      <h1 id="competition-title" tabIndex={-1}>
        {localized(c.title, lang)}
      </h1>
      <p>
        <StatusBadge status={c.status} />
      </p>
      {ownAkimat && (
        <p>
          <Link class="button button-secondary" href={`/akimat/competitions/${encodeURIComponent(c.id)}`}>
            {t('akimat.manage')}
          </Link>
        </p>
      )}
      <section aria-labelledby="facts-title" class="panel">
        <h2 id="facts-title">{t('competition.facts')}</h2>
        <Facts
          rows={[
            [t('competition.region'), regionName(c.kato, lang)],
            [t('competition.sector'), sectorName(c.sector, lang)],
            [t('competition.value'), <span data-testid="value">{money(c.estimatedValue, lang)}</span>],
            [t('competition.published'), <span data-testid="published-at">{dateTime(c.publishedAt, lang)}</span>],
            [t('competition.project'), <code>{c.projectId}</code>],
            [t('competition.id'), <code>{c.id}</code>],
            !!c.award && [t('competition.award'), t('competition.awardText', { bin: c.award.bin, price: money(c.award.price, lang) })],
            !!c.contractId && [t('contract.title'), <Link href={`/contracts/${encodeURIComponent(c.contractId)}`} data-testid="contract-link">{t('contract.open')}</Link>],
            !!c.cancellation && [
              t('competition.cancelled'),
              `${t(`reason.${c.cancellation.reason}` as MessageKey)} · ${dateTime(c.cancellation.at, lang)}`,
            ],
          ]}
        />
      </section>
      <PeriodsSection competition={c} />
      <section aria-labelledby="description-title" class="panel">
        <h2 id="description-title">{t('competition.description')}</h2>
        {c.description ? <p class="description">{c.description}</p> : <p class="empty">{t('competition.noDescription')}</p>}
      </section>
      {c.status !== 'draft' && <TenderDocumentsSection competition={c} />}
      {c.status !== 'draft' && <RequirementsSection competition={c} defaultSecurityPercent={DEFAULT_BID_SECURITY.percent} />}
      {isContractor && evaluation.data && <BidderResult competition={c} view={evaluation.data} />}
      <AwardPanel competition={c} contractPossible={evaluation.data?.contractPossible} />
      {isContractor && <BidPanel competition={c} />}
      <QuestionsSection competition={c} canAsk={isContractor && enquiryOpen} />
      {isContractor && !enquiryOpen && c.status !== 'draft' && <p class="hint">{t('questions.closed')}</p>}
      {!session && (c.status === 'active.clarification' || c.status === 'active.tendering') && (
        <p class="hint">
          <Link href={`/signin?role=contractor&next=${encodeURIComponent(`/competitions/${c.id}`)}`}>{t('competition.signInToTake')}</Link>
        </p>
      )}
      <ComplaintsSection competition={c} awardComplaintAllowed={bidder && evaluation.data?.award?.bin !== ownBin} />
      <AmendmentsSection competition={c} record={record.data} />
      <OpenDataSection competition={c} record={record.data} />
      {session?.role !== 'akimat' && session?.role !== 'ministry' && c.status !== 'draft' && (
        <p class="hint">
          <Link href={`/inquiries/new?competition=${encodeURIComponent(c.id)}&region=${encodeURIComponent(c.kato)}`} data-testid="ask-contact-centre">
            {t('inquiry.aboutCompetition')}
          </Link>
        </p>
      )}
    </article>
  );
};
