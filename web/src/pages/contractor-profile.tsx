/** The contractor's profile and its subscriptions: a picker of regions × sectors (PUT /contractors/me/subscriptions). */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ErrorMessage, Facts, Loading, Notice, useAction, useLoad } from '../components/ui.js';
import { dateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { SECTOR_CODES, sectorName, sortedRegions } from '../reference.js';
import { Link } from '../router.js';
import type { Contractor } from '../types.js';

/** The API's limit: verification writes the subscriptions in one transaction. */
const MAX_SUBSCRIPTIONS = 90;

const keyOf = (kato: string, sector: string): string => `${kato}#${sector}`;

const SubscriptionPicker = ({ contractor, onSaved }: { contractor: Contractor; onSaved: (c: Contractor) => void }) => {
  const { t, lang } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(contractor.subscriptions.map((s) => keyOf(s.kato, s.sector))));
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [selected]);
  const save = useAction(async () => {
    const subscriptions = [...selected].map((key) => {
      const [kato, sector] = key.split('#') as [string, string];
      return { kato, sector };
    });
    onSaved(await api<Contractor>('/contractors/me/subscriptions', { method: 'PUT', body: { subscriptions } }));
    setSaved(true);
  });
  const toggle = (key: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <form
      class="stack"
      aria-labelledby="subscriptions-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <h2 id="subscriptions-title">{t('subscriptions.title')}</h2>
      <p class="hint" id="subscriptions-hint">
        {t('subscriptions.hint')}
      </p>
      <p role="status" data-testid="subscription-count">
        {t('subscriptions.count', { count: selected.size, max: MAX_SUBSCRIPTIONS })}
      </p>
      <div class="picker" aria-describedby="subscriptions-hint">
        {sortedRegions(lang).map((region) => {
          const chosen = SECTOR_CODES.filter((s) => selected.has(keyOf(region.kato, s))).length;
          return (
            <details key={region.kato} open={chosen > 0} data-kato={region.kato}>
              <summary>
                {region.name[lang]}
                {chosen > 0 && <span class="pill">{t('subscriptions.chosen', { count: chosen })}</span>}
              </summary>
              <fieldset>
                <legend class="visually-hidden">{region.name[lang]}</legend>
                {SECTOR_CODES.map((sector) => {
                  const key = keyOf(region.kato, sector);
                  const id = `sub-${region.kato}-${sector}`;
                  return (
                    <div class="choice" key={key}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={selected.has(key)}
                        disabled={!selected.has(key) && selected.size >= MAX_SUBSCRIPTIONS}
                        onChange={(e) => toggle(key, (e.currentTarget as HTMLInputElement).checked)}
                      />
                      <label for={id}>{sectorName(sector, lang)}</label>
                    </div>
                  );
                })}
              </fieldset>
            </details>
          );
        })}
      </div>
      <div class="actions">
        <button type="submit" class="button" disabled={save.busy}>
          {t('subscriptions.save')}
        </button>
        {selected.size > 0 && (
          <button type="button" class="button button-secondary" onClick={() => setSelected(new Set())}>
            {t('subscriptions.clear')}
          </button>
        )}
      </div>
      {saved && <Notice>{t('subscriptions.saved', { count: selected.size })}</Notice>}
      <ErrorMessage error={save.error} />
    </form>
  );
};

/** A lost verification email: ask for a new link (POST /contractors/me/verification; rate-limited, 429 shown). */
const ResendVerification = ({ email }: { email: string }) => {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const resend = useAction(async () => {
    setSent(false);
    await api('/contractors/me/verification', { method: 'POST' });
    setSent(true);
  });
  return (
    <div class="stack">
      <p>
        <button type="button" class="button button-secondary" data-testid="resend-verification" disabled={resend.busy} onClick={() => void resend.run()}>
          {t('profile.resend')}
        </button>
      </p>
      {sent && <Notice>{t('profile.resent', { email })}</Notice>}
      <ErrorMessage error={resend.error} />
    </div>
  );
};

export const ContractorProfilePage = () => {
  const { t, lang } = useI18n();
  const profile = useLoad(async () => {
    try {
      return await api<Contractor>('/contractors/me');
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, []);
  const c = profile.data;
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title" tabIndex={-1}>
        {t('profile.title')}
      </h1>
      {profile.loading && profile.data === undefined && <Loading />}
      <ErrorMessage error={profile.error} />
      {c === null && (
        <div class="panel">
          <p>{t('profile.notRegistered')}</p>
          <p>
            <Link class="button" href="/contractor/register">
              {t('register.title')}
            </Link>
          </p>
        </div>
      )}
      {c && (
        <>
          <div class="panel">
            <Facts
              rows={[
                [t('register.name'), c.name],
                [t('common.bin'), <code>{c.bin}</code>],
                [t('register.email'), c.email],
                [t('register.language'), t(`lang.${c.language}`)],
                [
                  t('profile.status'),
                  <span data-testid="contractor-status" data-status={c.status}>
                    {t(c.status === 'verified' ? 'profile.verified' : 'profile.pending')}
                  </span>,
                ],
                [t('profile.registeredAt'), dateTime(c.registeredAt, lang)],
              ]}
            />
            {c.status === 'pending' && (
              <>
                <p class="message message-warn">{t('profile.checkEmail', { email: c.email })}</p>
                <ResendVerification email={c.email} />
              </>
            )}
            <p>
              <Link href="/contractor/bids">{t('nav.myBids')}</Link>
            </p>
          </div>
          <div class="panel">
            <SubscriptionPicker contractor={c} onSaved={(next) => profile.set(next)} />
          </div>
        </>
      )}
    </section>
  );
};
