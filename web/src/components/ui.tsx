/** Small building blocks shared by the pages: status badges, messages, fields, description lists, countdowns. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { serverNow } from '../clock.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

export const StatusBadge = ({ status }: { status: string }) => {
  const { t } = useI18n();
  return (
    <span class={`badge badge-${status.replace(/\./g, '-')}`} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
};

/** Explains an API error in the display language: the status class first, then the server's own words. */
export const ErrorMessage = ({ error }: { error: unknown }) => {
  const { t } = useI18n();
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const summary = !e
    ? t('error.unexpected')
    : e.status === 0
      ? t('error.network')
      : e.status === 401
        ? t('error.401')
        : e.status === 403
          ? t('error.403')
          : e.status === 404
            ? t('error.404')
            : e.status === 409
              ? t('error.409')
              : e.status === 422 || e.status === 400
                ? t('error.422')
                : e.status === 429
                  ? t('error.429')
                  : t('error.unexpected');
  return (
    <div class="message message-error" role="alert">
      <p>{summary}</p>
      {e && e.status !== 0 && e.status < 500 && e.message && (
        <p class="detail" lang="en">
          {e.fields.length ? e.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : e.message}
        </p>
      )}
    </div>
  );
};

export const Notice = ({ children }: { children: ComponentChildren }) => (
  <div class="message message-ok" role="status">
    {children}
  </div>
);

export const Loading = () => {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
};

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => JSX.Element;
};

/** A labelled control with an optional hint and error, wired with aria-describedby / aria-invalid. */
export const Field = ({ id, label, hint, error, children }: FieldProps) => {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children(ids, !!error)}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
};

export const Facts = ({ rows }: { rows: readonly (readonly [string, ComponentChildren] | false | undefined)[] }) => (
  <dl class="facts">
    {rows.filter((r): r is readonly [string, ComponentChildren] => !!r).map(([term, value]) => (
      <div key={term}>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
);

/** Time left until `deadline` (server time), ticking every second; "deadline passed" afterwards. */
export const Countdown = ({ deadline, label }: { deadline: string; label?: string }) => {
  const { t } = useI18n();
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = new Date(deadline).getTime() - now;
  if (left <= 0) {
    return (
      <p class="countdown countdown-over" data-testid="countdown">
        {t('countdown.passed')}
      </p>
    );
  }
  const total = Math.floor(left / 1000);
  const days = Math.floor(total / 86_400);
  const hh = String(Math.floor((total % 86_400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return (
    <p class="countdown" data-testid="countdown">
      <span>{label ?? t('countdown.left')}</span>{' '}
      {/* role=timer is polite by nature: it is not read out every second. */}
      <strong role="timer" aria-atomic="true">
        {t('countdown.value', { days, time: `${hh}:${mm}:${ss}` })}
      </strong>
    </p>
  );
};

/** Runs an async action, exposing busy / error / done state to a form. */
export const useAction = <A extends unknown[], R>(action: (...args: A) => Promise<R>) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
};

/** Loads data for a page; `reload` fetches again. */
export const useLoad = <T,>(load: () => Promise<T>, deps: readonly unknown[]) => {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1), set: (data: T) => setState({ data, loading: false }) };
};

/**
 * A list read a page at a time (cursor paging): the first page whenever `deps` change, then `more()` appends the next.
 * `fetchPage` gets the cursor (undefined for the first page) and answers `{ items, cursor? }`.
 */
export const usePagedList = <T,>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>, deps: readonly unknown[]) => {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const load = async (from: string | undefined, replace: boolean): Promise<void> => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(from);
      setItems((current) => (replace ? page.items : [...current, ...page.items]));
      setCursor(page.cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(undefined, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { items, cursor, loading, error, more: () => load(cursor, false) };
};

/** The end of a paged list: the loading notice while a page is read, then "show more" while there is a next page. */
export const PagedListEnd = ({ list }: { list: { loading: boolean; cursor?: string; more: () => Promise<void> } }) => {
  const { t } = useI18n();
  return (
    <>
      {list.loading && <Loading />}
      {list.cursor && !list.loading && (
        <button type="button" class="button button-secondary" onClick={() => void list.more()}>
          {t('search.more')}
        </button>
      )}
    </>
  );
};

export const newKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
