/**
 * Tender documents and bid envelopes in the portal: the public list with versions, the akimat's management (add a
 * document, upload a new version) and the contractor's envelopes (upload, include in the bid, delete before the
 * deadline). Bytes go between the browser and the bucket (see `upload.ts`); every link here is a download link the
 * API gave.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import { BID_ENVELOPES, TENDER_DOCUMENT_TYPES, type BidDocumentRef, type BidEnvelope, type TenderDocumentType } from '../../../shared/domain/documents.js';
import type { bidDocumentView, tenderDocumentView } from '../../../shared/schemas/documents.js';
import { api } from '../api.js';
import { dateTime, fileSize } from '../format.js';
import { LANGS, useI18n, type MessageKey } from '../i18n/index.js';
import type { Competition } from '../types.js';
import { uploadFile, type DeclaredFile, type UploadProgress, type UploadTicket } from '../upload.js';
import { ErrorMessage, Field, Loading, Notice, useAction, useLoad } from './ui.js';
import { UploadForm, problemAt } from './upload.js';

export type TenderDocumentView = z.infer<typeof tenderDocumentView>;
export type BidDocumentView = z.infer<typeof bidDocumentView>;

/** `GET /my/competitions/{id}/documents`: verified documents (maybe with a new version pending) and first uploads still pending. */
type OwnTenderDocument =
  | (TenderDocumentView & { readonly pendingVersion?: number })
  | { readonly id: string; readonly documentType: TenderDocumentType; readonly title: string; readonly fileName: string; readonly version: number; readonly status: 'pending' };

/** A document a bid carries, with its download link for its author (before opening) or the akimat (after). */
export type BidDocumentLink = BidDocumentRef & { readonly url?: string };

const competitionPath = (id: string): string => `/competitions/${encodeURIComponent(id)}`;

/**
 * A download link. The storage answers with `Content-Disposition: attachment` and the file's name, so a plain link
 * downloads it (a `download` attribute would be ignored: the file is on another origin).
 */
const FileLink = ({ url, fileName }: { url: string | undefined; fileName: string }) =>
  url ? (
    <a href={url} data-testid="document-link">
      {fileName}
    </a>
  ) : (
    <span>{fileName}</span>
  );

/** One tender document: its current version with a download link, and the earlier ones under a disclosure. */
const TenderDocumentEntry = ({ document: d, children }: { document: TenderDocumentView; children?: ComponentChildren }) => {
  const { t, lang } = useI18n();
  return (
    <li class="document" data-document-id={d.id}>
      <p class="document-title">
        <strong>{d.title}</strong> · {t(`documentType.${d.documentType}` as MessageKey)}
        {d.language && <> · {t(`lang.${d.language}` as MessageKey)}</>}
      </p>
      <p class="document-file">
        <FileLink url={d.url} fileName={d.fileName} /> · {fileSize(d.size, lang)} · {t('documents.version', { version: d.version })} ·{' '}
        {t('documents.updated', { at: dateTime(d.dateModified, lang) })}
      </p>
      <p class="hint">
        {t('documents.sha256')} <code class="digest">{d.sha256}</code>
      </p>
      {d.versions && d.versions.length > 0 && (
        <details class="document-versions">
          <summary>{t('documents.versions', { count: d.versions.length })}</summary>
          <ul>
            {d.versions.map((v) => (
              <li key={v.version} data-version={v.version}>
                {t('documents.version', { version: v.version })}: <FileLink url={v.url} fileName={v.fileName} /> · {fileSize(v.size, lang)} ·{' '}
                {dateTime(v.dateModified, lang)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {children}
    </li>
  );
};

/** The competition's documents for everyone (a published competition). */
export const TenderDocumentsSection = ({ competition: c }: { competition: Competition }) => {
  const { t } = useI18n();
  const documents = useLoad(async () => (await api<{ items: TenderDocumentView[] }>(`${competitionPath(c.id)}/documents`)).items, [c.id, c.version]);
  return (
    <section aria-labelledby="documents-title" class="panel">
      <h2 id="documents-title">{t('documents.title')}</h2>
      {documents.loading && !documents.data && <Loading />}
      <ErrorMessage error={documents.error} />
      {documents.data?.length === 0 && <p class="empty">{t('documents.none')}</p>}
      {!!documents.data?.length && (
        <ul class="document-list" data-testid="documents">
          {documents.data.map((d) => (
            <TenderDocumentEntry key={d.id} document={d} />
          ))}
        </ul>
      )}
    </section>
  );
};

/** State of one upload form: the file, the step in progress, and a run that uploads through the given steps. */
/** A required document title of at most 300 characters, with the API's problem with it shown. */
const TitleField = ({ id, value, onInput, error }: { id: string; value: string; onInput: (value: string) => void; error: string | undefined }) => {
  const { t } = useI18n();
  return (
    <Field id={id} label={t('documents.titleLabel')} error={error}>
      {(describedBy, invalid) => (
        <input
          id={id}
          required
          maxLength={300}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
};

/** A choice among codes, each shown with its message `${prefix}.${code}`. */
const CodeSelect = <C extends string,>({ id, label, codes, prefix, value, onChange }: { id: string; label: string; codes: readonly C[]; prefix: string; value: C; onChange: (code: C) => void }) => {
  const { t } = useI18n();
  return (
    <Field id={id} label={label}>
      {() => (
        <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as C)}>
          {codes.map((code) => (
            <option key={code} value={code}>
              {t(`${prefix}.${code}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
};

const useUpload = <T,>() => {
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<UploadProgress>();
  const action = useAction(async (steps: { declare: (declared: DeclaredFile) => Promise<UploadTicket>; complete: (ticket: UploadTicket) => Promise<T> }, chosen: File) => {
    const result = await uploadFile(chosen, steps, setProgress);
    setFile(undefined);
    return result;
  });
  // A new file is a new attempt: the refusal of the previous one no longer applies.
  const choose = (next: File | undefined) => {
    action.setError(undefined);
    setFile(next);
  };
  return { file, setFile: choose, progress, ...action };
};

const AddTenderDocument = ({ competition: c, onDone }: { competition: Competition; onDone: () => void }) => {
  const { t } = useI18n();
  const [documentType, setDocumentType] = useState<TenderDocumentType>('technicalSpecifications');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState('');
  const upload = useUpload<TenderDocumentView>();
  const titleProblem = problemAt(upload.error, ['title']);
  const path = `${competitionPath(c.id)}/documents`;
  const submit = async (file: File) => {
    const done = await upload.run(
      {
        declare: (declared) =>
          api<UploadTicket>(path, { method: 'POST', body: { documentType, title: title.trim(), ...(language ? { language } : {}), ...declared } }),
        complete: (ticket) => api<TenderDocumentView>(`${path}/${encodeURIComponent(ticket.id)}/complete`, { method: 'POST' }),
      },
      file,
    );
    if (done) {
      setTitle('');
      onDone();
    }
  };
  return (
    <UploadForm
      id="document-add"
      title={t('documents.add')}
      busy={upload.busy}
      file={upload.file}
      onFile={upload.setFile}
      error={upload.error}
      fieldPaths={['title', 'documentType', 'language']}
      progress={upload.progress}
      submitLabel={t('documents.upload')}
      onSubmit={(file) => void submit(file)}
    >
      <CodeSelect id="document-add-type" label={t('documents.type')} codes={TENDER_DOCUMENT_TYPES} prefix="documentType" value={documentType} onChange={setDocumentType} />
      <TitleField id="document-add-title" value={title} onInput={setTitle} error={titleProblem?.message} />
      <Field id="document-add-language" label={t('documents.language')}>
        {() => (
          <select id="document-add-language" value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('documents.languageAny')}</option>
            {LANGS.map((code) => (
              <option key={code} value={code}>
                {t(`lang.${code}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </UploadForm>
  );
};

const NewVersion = ({ competition: c, document: d, onDone, onCancel }: { competition: Competition; document: TenderDocumentView; onDone: () => void; onCancel: () => void }) => {
  const { t } = useI18n();
  const upload = useUpload<TenderDocumentView>();
  const path = `${competitionPath(c.id)}/documents/${encodeURIComponent(d.id)}`;
  const submit = async (file: File) => {
    const done = await upload.run(
      {
        declare: (declared) => api<UploadTicket>(path, { method: 'PUT', body: declared }),
        complete: () => api<TenderDocumentView>(`${path}/complete`, { method: 'POST' }),
      },
      file,
    );
    if (done) onDone();
  };
  return (
    <UploadForm
      id={`document-version-${d.id}`}
      title={t('documents.newVersionOf', { title: d.title })}
      busy={upload.busy}
      file={upload.file}
      onFile={upload.setFile}
      error={upload.error}
      fieldPaths={[]}
      progress={upload.progress}
      submitLabel={t('documents.upload')}
      onSubmit={(file) => void submit(file)}
      onCancel={onCancel}
    />
  );
};

/**
 * The akimat's documents of its competition: every version downloadable (drafts included), a new version of each
 * and new documents while the competition may still change (a draft, or published before the deadline).
 */
export const TenderDocumentsManager = ({ competition: c, changeable, onAmended }: { competition: Competition; changeable: boolean; onAmended: () => void }) => {
  const { t } = useI18n();
  const documents = useLoad(async () => (await api<{ items: OwnTenderDocument[] }>(`/my${competitionPath(c.id)}/documents`)).items, [c.id, c.version]);
  const [replacing, setReplacing] = useState<string>();
  const [notice, setNotice] = useState<MessageKey>();
  const finished = (message: MessageKey) => {
    setReplacing(undefined);
    setNotice(message);
    documents.reload();
    // After publication the upload amended the competition: its version and periods changed.
    if (c.status !== 'draft') onAmended();
  };
  const items = documents.data ?? [];
  return (
    <section aria-labelledby="akimat-documents-title" class="panel">
      <h2 id="akimat-documents-title">{t('documents.title')}</h2>
      {changeable && c.status !== 'draft' && <p class="hint">{t('documents.amendmentHint')}</p>}
      {!changeable && <p class="hint">{t('documents.frozen')}</p>}
      {notice && <Notice>{t(notice)}</Notice>}
      {documents.loading && !documents.data && <Loading />}
      <ErrorMessage error={documents.error} />
      {documents.data && items.length === 0 && <p class="empty">{t('documents.none')}</p>}
      {items.length > 0 && (
        <ul class="document-list" data-testid="akimat-documents">
          {items.map((d) =>
            d.status === 'pending' ? (
              <li key={d.id} class="document" data-document-id={d.id}>
                <p class="document-title">
                  <strong>{d.title}</strong> · {t(`documentType.${d.documentType}` as MessageKey)}
                </p>
                <p class="hint">
                  {d.fileName} · {t('documents.pending')}
                </p>
              </li>
            ) : (
              <TenderDocumentEntry key={d.id} document={d}>
                {changeable &&
                  (replacing === d.id ? (
                    <NewVersion competition={c} document={d} onDone={() => finished('documents.replaced')} onCancel={() => setReplacing(undefined)} />
                  ) : (
                    <button
                      type="button"
                      class="button button-small button-secondary"
                      aria-label={t('documents.newVersionOf', { title: d.title })}
                      onClick={() => {
                        setNotice(undefined);
                        setReplacing(d.id);
                      }}
                    >
                      {t('documents.newVersion')}
                    </button>
                  ))}
              </TenderDocumentEntry>
            ),
          )}
        </ul>
      )}
      {changeable && <AddTenderDocument competition={c} onDone={() => finished('documents.added')} />}
    </section>
  );
};

/** The documents a bid carries, by envelope, each with its download link when the API gave one. */
export const BidDocumentLinks = ({ documents, testId }: { documents: readonly BidDocumentLink[]; testId?: string }) => {
  const { t } = useI18n();
  if (documents.length === 0) return <span>—</span>;
  return (
    <ul class="bid-documents" data-testid={testId}>
      {documents.map((d) => (
        <li key={d.id}>
          {t(`envelope.${d.envelope}` as MessageKey)}: <FileLink url={d.url} fileName={d.fileName} />
        </li>
      ))}
    </ul>
  );
};

const AddBidDocument = ({ competitionId, onDone }: { competitionId: string; onDone: (d: BidDocumentView) => void }) => {
  const { t } = useI18n();
  const [envelope, setEnvelope] = useState<BidEnvelope>('technical');
  const [title, setTitle] = useState('');
  const upload = useUpload<BidDocumentView>();
  const titleProblem = problemAt(upload.error, ['title']);
  const path = `${competitionPath(competitionId)}/bids/me/documents`;
  const submit = async (file: File) => {
    const done = await upload.run(
      {
        declare: (declared) => api<UploadTicket>(path, { method: 'POST', body: { envelope, title: title.trim(), ...declared } }),
        complete: (ticket) => api<BidDocumentView>(`${path}/${encodeURIComponent(ticket.id)}/complete`, { method: 'POST' }),
      },
      file,
    );
    if (done) {
      setTitle('');
      onDone(done);
    }
  };
  return (
    <UploadForm
      id="envelope-add"
      title={t('envelopes.add')}
      busy={upload.busy}
      file={upload.file}
      onFile={upload.setFile}
      error={upload.error}
      fieldPaths={['title', 'envelope']}
      progress={upload.progress}
      submitLabel={t('documents.upload')}
      onSubmit={(file) => void submit(file)}
    >
      <CodeSelect id="envelope-add-envelope" label={t('envelopes.envelope')} codes={BID_ENVELOPES} prefix="envelope" value={envelope} onChange={setEnvelope} />
      <TitleField id="envelope-add-title" value={title} onInput={setTitle} error={titleProblem?.message} />
    </UploadForm>
  );
};

/**
 * The contractor's bid envelopes: its documents by envelope, which of the verified ones go into the bid (every one
 * unless unticked), deletion and uploads while it may bid. Sealed: nobody else sees them before the bids are opened.
 */
export const BidEnvelopes = ({
  competitionId,
  documents,
  error,
  onChanged,
  tendering,
  excluded,
  onExclude,
  inBid,
}: {
  competitionId: string;
  documents: readonly BidDocumentView[] | undefined;
  /** Why the documents could not be listed. */
  error: unknown;
  onChanged: () => void;
  tendering: boolean;
  excluded: ReadonlySet<string>;
  onExclude: (id: string, excluded: boolean) => void;
  inBid: ReadonlySet<string>;
}) => {
  const { t, lang } = useI18n();
  const [notice, setNotice] = useState<MessageKey>();
  const remove = useAction(async (d: BidDocumentView) => {
    await api(`${competitionPath(competitionId)}/bids/me/documents/${encodeURIComponent(d.id)}`, { method: 'DELETE' });
    setNotice('envelopes.deleted');
    onChanged();
  });
  const items = documents ?? [];
  return (
    <section class="panel" aria-labelledby="envelopes-title" data-testid="envelopes">
      <h2 id="envelopes-title">{t('envelopes.title')}</h2>
      <p class="hint">{t('envelopes.hint')}</p>
      {notice && <Notice>{t(notice)}</Notice>}
      <ErrorMessage error={error} />
      {documents && items.length === 0 && <p class="empty">{t('envelopes.none')}</p>}
      {items.length > 0 && (
        <ul class="document-list" data-testid="envelope-documents">
          {items.map((d) => (
            <li key={d.id} class="document" data-document-id={d.id}>
              <p class="document-title">
                <strong>{d.title}</strong> · {t(`envelope.${d.envelope}` as MessageKey)}
                {inBid.has(d.id) && <> · {t('envelopes.inBid')}</>}
              </p>
              <p class="document-file">
                <FileLink url={d.url} fileName={d.fileName} /> · {fileSize(d.size, lang)}
                {d.status === 'pending' && <> · {t('envelopes.pending')}</>}
              </p>
              {tendering && (
                <div class="actions">
                  {d.status === 'active' && (
                    <label class="check">
                      <input
                        type="checkbox"
                        id={`include-${d.id}`}
                        checked={!excluded.has(d.id)}
                        onChange={(e) => onExclude(d.id, !(e.currentTarget as HTMLInputElement).checked)}
                      />{' '}
                      {t('envelopes.include', { title: d.title })}
                    </label>
                  )}
                  {!inBid.has(d.id) && (
                    <button
                      type="button"
                      class="button button-small button-danger"
                      disabled={remove.busy}
                      aria-label={t('envelopes.deleteNamed', { title: d.title })}
                      onClick={() => {
                        setNotice(undefined);
                        void remove.run(d);
                      }}
                    >
                      {t('envelopes.delete')}
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      {tendering && (
        <AddBidDocument
          competitionId={competitionId}
          onDone={() => {
            setNotice('envelopes.added');
            onChanged();
          }}
        />
      )}
    </section>
  );
};
