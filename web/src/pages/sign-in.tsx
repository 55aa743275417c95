/**
 * Sign-in. Locally: pick a demo user (a role; an akimat's region; a contractor's BIN) and get a token from the
 * development identity provider. In AWS: the Cognito hosted UI (authorization code + PKCE).
 */
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { cognitoSignIn, devSignIn } from '../auth.js';
import { makeBin } from '../../../shared/domain/bin.js';
import { DEMO_BINS, binProblemKey } from '../bin-check.js';
import { Field, useAction, ErrorMessage, Notice } from '../components/ui.js';
import { config } from '../config.js';
import { useI18n } from '../i18n/index.js';
import { sortedRegions } from '../reference.js';
import { navigate, useLocation } from '../router.js';
import type { Role } from '../session.js';

const HOME: Record<Role, string> = { contractor: '/contractor', akimat: '/akimat', ministry: '/ministry', financier: '/financier' };

/**
 * The demo akimat's organisation BIN (a valid one per region, from its KATO): its token carries it as Cognito's
 * `custom:bin` does, so the development signer has a certificate to sign the award with.
 */
const demoAkimatBin = (kato: string): string => makeBin('9801', '4', '0', 70_000 + Number(kato.slice(0, 2)));

/** Only same-site paths are followed after sign-in. */
const safeNext = (next: string | null): string | undefined => (next && next.startsWith('/') && !next.startsWith('//') ? next : undefined);

export const SignInPage = () => {
  const { t, lang } = useI18n();
  const { setSession } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const initialRole = (['contractor', 'akimat', 'ministry', 'financier'] as const).find((r) => r === query.get('role')) ?? 'contractor';
  const [role, setRole] = useState<Role>(initialRole);
  const [kato, setKato] = useState('350000000');
  const [route, setRoute] = useState<'dbk-banks' | 'khc-bonds'>('dbk-banks');
  const [binChoice, setBinChoice] = useState<string>(DEMO_BINS[0]);
  const [otherBin, setOtherBin] = useState('');
  const [touched, setTouched] = useState(false);
  const settings = config();

  const bin = binChoice === 'other' ? otherBin.trim() : binChoice;
  const binError = role === 'contractor' && binChoice === 'other' && (touched || otherBin.length >= 12) ? binProblemKey(bin) : undefined;

  const signIn = useAction(async () => {
    const session = await devSignIn(role === 'akimat' ? { role, kato, bin: demoAkimatBin(kato) } : role === 'contractor' ? { role, bin } : role === 'financier' ? { role, route } : { role });
    setSession(session);
    navigate(next ?? HOME[session.role]);
  });

  if (settings.auth === 'cognito') {
    return (
      <section aria-labelledby="signin-title" class="narrow">
        <h1 id="signin-title" tabIndex={-1}>
          {t('signin.title')}
        </h1>
        {query.get('expired') && <Notice>{t('signin.expired')}</Notice>}
        {query.get('failed') && <p class="message message-error" role="alert">{t('signin.failed')}</p>}
        <p>{t('signin.cognito')}</p>
        <button type="button" class="button" onClick={() => void cognitoSignIn(settings, next ?? '/')}>
          {t('signin.continue')}
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby="signin-title" class="narrow">
      <h1 id="signin-title" tabIndex={-1}>
        {t('signin.title')}
      </h1>
      {query.get('expired') && <Notice>{t('signin.expired')}</Notice>}
      <p class="lead">{t('signin.devLead')}</p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (role === 'contractor' && binProblemKey(bin)) {
            document.getElementById('other-bin')?.focus();
            return;
          }
          void signIn.run();
        }}
      >
        <fieldset>
          <legend>{t('signin.role')}</legend>
          {(['contractor', 'akimat', 'ministry', 'financier'] as const).map((r) => (
            <label class="choice" key={r}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <span>
                {t(`role.${r}`)}
                <span class="hint"> — {t(`signin.roleHint.${r}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {role === 'akimat' && (
          <Field id="signin-region" label={t('signin.region')}>
            {() => (
              <select id="signin-region" value={kato} onChange={(e) => setKato((e.currentTarget as HTMLSelectElement).value)}>
                {sortedRegions(lang).map((r) => (
                  <option key={r.kato} value={r.kato}>
                    {r.name[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {role === 'financier' && (
          <Field id="signin-route" label={t('financing.route')}>
            {() => (
              <select id="signin-route" value={route} onChange={(e) => setRoute((e.currentTarget as HTMLSelectElement).value as 'dbk-banks' | 'khc-bonds')}>
                <option value="dbk-banks">{t('financing.route.dbk-banks')}</option>
                <option value="khc-bonds">{t('financing.route.khc-bonds')}</option>
              </select>
            )}
          </Field>
        )}
        {role === 'contractor' && (
          <fieldset>
            <legend>{t('signin.bin')}</legend>
            {DEMO_BINS.map((demo, i) => (
              <label class="choice" key={demo}>
                <input type="radio" name="bin" value={demo} checked={binChoice === demo} onChange={() => setBinChoice(demo)} />
                <span>
                  {t('signin.demoBin', { n: i + 1 })}: <code>{demo}</code>
                </span>
              </label>
            ))}
            <label class="choice">
              <input type="radio" name="bin" value="other" checked={binChoice === 'other'} onChange={() => setBinChoice('other')} />
              <span>{t('signin.otherBin')}</span>
            </label>
            {binChoice === 'other' && (
              <Field id="other-bin" label={t('common.bin')} hint={t('bin.hint')} error={binError ? t(binError) : undefined}>
                {(describedBy, invalid) => (
                  <input
                    id="other-bin"
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={12}
                    value={otherBin}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onInput={(e) => setOtherBin((e.currentTarget as HTMLInputElement).value)}
                    onBlur={() => setTouched(true)}
                  />
                )}
              </Field>
            )}
          </fieldset>
        )}
        <button type="submit" class="button" disabled={signIn.busy}>
          {t('nav.signIn')}
        </button>
        <ErrorMessage error={signIn.error} />
      </form>
    </section>
  );
};
