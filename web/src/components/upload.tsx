/**
 * The pieces of an upload form: a drop zone around a real file input (so the keyboard and screen readers use the
 * browser's own picker), the progress of the three steps, and the API's refusals shown at the field they name.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { fileSize } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { UploadProgress } from '../upload.js';
import { ErrorMessage } from './ui.js';

/** The fields of a declared file: a refusal naming one of them belongs to the file picker. */
const FILE_FIELDS = ['fileName', 'contentType', 'size', 'sha256', 'file'] as const;

/** The API's problem with `paths` (the first one named), if `error` is a refusal naming one of them. */
export const problemAt = (error: unknown, paths: readonly string[]): { path: string; message: string } | undefined =>
  error instanceof ApiError ? error.fields.find((f) => paths.includes(f.path)) : undefined;

/** What the file picker shows of a refusal: the reason in the reader's language, then the server's words. */
const useFileProblem = (error: unknown): string | undefined => {
  const { t } = useI18n();
  const problem = problemAt(error, FILE_FIELDS);
  return problem && `${t(`upload.problem.${problem.path}` as MessageKey)} (${problem.message})`;
};

/**
 * The error of an upload form that no field shows: `ErrorMessage` for anything but a refusal of one of `fieldPaths`
 * or of the file.
 */
const FormError = ({ error, fieldPaths }: { error: unknown; fieldPaths: readonly string[] }) =>
  problemAt(error, [...FILE_FIELDS, ...fieldPaths]) ? null : <ErrorMessage error={error} />;

const FileDrop = ({ id, file, onFile, error }: { id: string; file: File | undefined; onFile: (file: File | undefined) => void; error?: string | undefined }) => {
  const { t, lang } = useI18n();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The input keeps the name of a file already uploaded unless told otherwise.
  useEffect(() => {
    if (!file && input.current) input.current.value = '';
  }, [file]);
  const describedBy = [`${id}-hint`, file ? `${id}-chosen` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div
      class={`field drop-zone${over ? ' drop-zone-over' : ''}${error ? ' field-invalid' : ''}`}
      data-testid={`${id}-drop`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const dropped = event.dataTransfer?.files[0];
        if (dropped) onFile(dropped);
      }}
    >
      <label for={id}>{t('upload.file')}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('upload.hint')}
      </p>
      <input
        ref={input}
        id={id}
        type="file"
        aria-describedby={describedBy}
        aria-invalid={!!error}
        onChange={(event) => onFile((event.currentTarget as HTMLInputElement).files?.[0])}
      />
      {file && (
        <p class="hint" id={`${id}-chosen`} data-testid={`${id}-chosen`}>
          {t('upload.chosen', { name: file.name, size: fileSize(file.size, lang) })}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
};

/** The current step of an upload and its progress bar. */
const UploadStatus = ({ progress, id }: { progress: UploadProgress | undefined; id: string }) => {
  const { t } = useI18n();
  if (!progress) return null;
  const label = t(`upload.phase.${progress.phase}` as MessageKey);
  return (
    <div class="upload-status" data-testid={`${id}-progress`} data-phase={progress.phase}>
      <label for={`${id}-bar`}>{label}</label>
      <progress id={`${id}-bar`} max={progress.total || 1} value={progress.done} />
    </div>
  );
};

/** A form around an upload: fields, the file, the submit button and the step in progress. */
export const UploadForm = ({
  id,
  title,
  busy,
  file,
  onFile,
  error,
  fieldPaths,
  progress,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  id: string;
  title: string;
  busy: boolean;
  file: File | undefined;
  onFile: (file: File | undefined) => void;
  error: unknown;
  fieldPaths: readonly string[];
  progress: UploadProgress | undefined;
  submitLabel: string;
  onSubmit: (file: File) => void;
  onCancel?: () => void;
  children?: ComponentChildren;
}) => {
  const { t } = useI18n();
  const [missing, setMissing] = useState(false);
  const fileProblem = useFileProblem(error);
  return (
    <form
      class="stack upload-form"
      aria-labelledby={`${id}-heading`}
      data-testid={id}
      onSubmit={(event) => {
        event.preventDefault();
        setMissing(!file);
        if (file) onSubmit(file);
      }}
    >
      <h3 id={`${id}-heading`}>{title}</h3>
      {children}
      <FileDrop
        id={`${id}-file`}
        file={file}
        onFile={(next) => {
          setMissing(false);
          onFile(next);
        }}
        error={missing ? t('upload.chooseFile') : fileProblem}
      />
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {t('documents.cancel')}
          </button>
        )}
      </div>
      {busy && <UploadStatus id={id} progress={progress} />}
      <FormError error={error} fieldPaths={fieldPaths} />
    </form>
  );
};
