/**
 * The register of unscrupulous participants (РНУ) for the ministry: the entries newest first (or one BIN's), a form
 * to list a BIN for a period (`POST /registry/unscrupulous`), and ending an entry before its term.
 */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.js';
import { serverNow } from '../clock.js';
import { ErrorMessage, Field, Loading, Notice, useAction, useLoad } from '../components/ui.js';
import { dateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { RegisterEntry } from '../types.js';

/** A calendar day as the start of that day in Almaty. */
const almatyDay = (day: string): string | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00+05:00`).toISOString() : undefined);

/** Today in Almaty, `YYYY-MM-DD`. */
const todayInAlmaty = (): string => new Date(serverNow() + 5 * 3600_000).toISOString().slice(0, 10);

const AddEntryForm = ({ onAdded }: { onAdded: (entry: RegisterEntry) => void }) => {
  const { t } = useI18n();
  const [bin, setBin] = useState('');
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');
  const [from, setFrom] = useState(todayInAlmaty());
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<MessageKey>();
  const add = useAction(async () => {
    const start = almatyDay(from);
    const end = almatyDay(until);
    if (!start || !end || end <= start) {
      setProblem('registry.untilInvalid');
      return;
    }
    setProblem(undefined);
    const entry = await api<RegisterEntry>('/registry/unscrupulous', { body: { bin: bin.trim(), reason: reason.trim(), basis: basis.trim(), from: start, until: end } });
    setBin('');
    setReason('');
    setBasis('');
    setUntil('');
    onAdded(entry);
  });
  return (
    <form
      class="panel stack"
      aria-labelledby="registry-add-title"
      data-testid="registry-add"
      onSubmit={(event) => {
        event.preventDefault();
        void add.run();
      }}
    >
      <h2 id="registry-add-title">{t('registry.add')}</h2>
      <Field id="registry-bin" label={t('common.bin')} hint={t('registry.binHint')}>
        {(describedBy) => (
          <input id="registry-bin" required inputMode="numeric" pattern="\d{12}" maxLength={12} value={bin} aria-describedby={describedBy} onInput={(e) => setBin((e.currentTarget as HTMLInputElement).value)} />
        )}
      </Field>
      <Field id="registry-reason" label={t('registry.reason')}>
        {() => <textarea id="registry-reason" rows={2} required maxLength={2000} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <Field id="registry-basis" label={t('registry.basis')} hint={t('registry.basisHint')}>
        {(describedBy) => (
          <input id="registry-basis" required maxLength={500} value={basis} aria-describedby={describedBy} onInput={(e) => setBasis((e.currentTarget as HTMLInputElement).value)} />
        )}
      </Field>
      <div class="inline">
        <Field id="registry-from" label={t('registry.from')}>
          {() => <input id="registry-from" type="date" required value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="registry-until" label={t('registry.until')} error={problem ? t(problem) : undefined}>
          {(describedBy, invalid) => (
            <input
              id="registry-until"
              type="date"
              required
              value={until}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setUntil((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <button type="submit" class="button" disabled={add.busy}>
        {t('registry.submit')}
      </button>
      <ErrorMessage error={add.error} />
    </form>
  );
};

export const RegistryPage = () => {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState('');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string>();
  const [more, setMore] = useState<RegisterEntry[]>([]);
  const [cursor, setCursor] = useState<string>();
  const entries = useLoad(async () => {
    const page = await api<Page<RegisterEntry>>('/registry/unscrupulous', { query: { bin: query || undefined } });
    setMore([]);
    setCursor(page.cursor);
    return page.items;
  }, [query]);
  const loadMore = useAction(async () => {
    const page = await api<Page<RegisterEntry>>('/registry/unscrupulous', { query: { bin: query || undefined, cursor } });
    setMore([...more, ...page.items]);
    setCursor(page.cursor);
  });
  const end = useAction(async (entry: RegisterEntry) => {
    await api<RegisterEntry>(`/registry/unscrupulous/${encodeURIComponent(entry.id)}/end`, { method: 'POST' });
    setNotice(t('registry.endedNotice', { bin: entry.bin }));
    entries.reload();
  });
  const items = [...(entries.data ?? []), ...more];
  const now = new Date(serverNow()).toISOString();
  return (
    <section aria-labelledby="registry-title">
      <h1 id="registry-title" tabIndex={-1}>
        {t('registry.title')}
      </h1>
      <p class="lead">{t('registry.lead')}</p>
      {notice && <Notice>{notice}</Notice>}
      <AddEntryForm
        onAdded={(entry) => {
          setNotice(t('registry.added', { bin: entry.bin }));
          entries.reload();
        }}
      />
      <section class="panel" aria-labelledby="registry-entries-title">
        <h2 id="registry-entries-title">{t('registry.entries')}</h2>
        <form
          class="filters"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setQuery(filter.trim());
          }}
        >
          <Field id="registry-filter" label={t('registry.filter')}>
            {() => <input id="registry-filter" inputMode="numeric" maxLength={12} value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <button type="submit" class="button button-secondary">
            {t('registry.search')}
          </button>
        </form>
        {entries.loading && !entries.data && <Loading />}
        <ErrorMessage error={entries.error ?? end.error ?? loadMore.error} />
        {entries.data && items.length === 0 && <p class="empty">{t('registry.none')}</p>}
        {items.length > 0 && (
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="registry-entries-title">
            <table data-testid="registry">
              <caption class="visually-hidden">{t('registry.entries')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.bin')}</th>
                  <th scope="col">{t('registry.reason')}</th>
                  <th scope="col">{t('registry.basis')}</th>
                  <th scope="col">{t('registry.period')}</th>
                  <th scope="col">{t('registry.status')}</th>
                  <th scope="col">{t('bids.action')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id} data-entry-id={e.id} data-bin={e.bin}>
                    <td>
                      <code>{e.bin}</code>
                    </td>
                    <td>{e.reason}</td>
                    <td>{e.basis}</td>
                    <td>
                      {dateTime(e.from, lang)} — {dateTime(e.until, lang)}
                    </td>
                    <td data-testid="registry-status">
                      {e.active ? (
                        <span class="pill pill-red">{t('registry.active')}</span>
                      ) : e.endedAt ? (
                        <span class="pill">{t('registry.ended', { at: dateTime(e.endedAt, lang) })}</span>
                      ) : e.from > now ? (
                        <span class="pill pill-amber">{t('registry.upcoming')}</span>
                      ) : (
                        <span class="pill">{t('registry.expired')}</span>
                      )}
                    </td>
                    <td>
                      {!e.endedAt && e.until > now && (
                        <button type="button" class="button button-small button-danger" disabled={end.busy} onClick={() => void end.run(e)} aria-label={t('registry.endFor', { bin: e.bin })}>
                          {t('registry.end')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && (
          <button type="button" class="button button-secondary" disabled={loadMore.busy} onClick={() => void loadMore.run()}>
            {t('registry.more')}
          </button>
        )}
      </section>
    </section>
  );
};
