/** Contractor registration: BIN (checked as you type and by the server), organisation, email and mail language. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useSession } from '../app-context.js';
import { binProblemKey } from '../bin-check.js';
import { ErrorMessage, Field, useAction } from '../components/ui.js';
import { LANGS, useI18n, type Lang } from '../i18n/index.js';
import { Link } from '../router.js';
import type { Contractor } from '../types.js';

export const ContractorRegisterPage = () => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [bin, setBin] = useState(session?.bin ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(session?.email ?? '');
  const [mailLang, setMailLang] = useState<Lang>(lang);
  const [touched, setTouched] = useState(false);
  const [registered, setRegistered] = useState<Contractor>();

  const binKey = bin.length >= 12 || touched ? binProblemKey(bin) : undefined;
  const register = useAction(async () => {
    setRegistered(await api<Contractor>('/contractors', { body: { bin, name: name.trim(), email: email.trim(), language: mailLang } }));
  });

  if (registered) {
    return (
      <section aria-labelledby="register-title" class="narrow">
        <h1 id="register-title" tabIndex={-1}>
          {t('register.doneTitle')}
        </h1>
        <div class="message message-ok" role="status" data-testid="registered">
          <p>{t('register.done', { email: registered.email })}</p>
        </div>
        <p>
          <Link href="/contractor">{t('nav.profile')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="register-title" class="narrow">
      <h1 id="register-title" tabIndex={-1}>
        {t('register.title')}
      </h1>
      <p class="lead">{t('register.lead')}</p>
      <form
        class="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (binProblemKey(bin)) {
            document.getElementById('register-bin')?.focus();
            return;
          }
          if ((event.currentTarget as HTMLFormElement).checkValidity()) void register.run();
          else (event.currentTarget as HTMLFormElement).reportValidity();
        }}
      >
        <Field id="register-bin" label={t('common.bin')} hint={t('bin.hint')} error={binKey ? t(binKey) : undefined}>
          {(describedBy, invalid) => (
            <input
              id="register-bin"
              name="bin"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              required
              value={bin}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setBin((e.currentTarget as HTMLInputElement).value.trim())}
              onBlur={() => setTouched(true)}
            />
          )}
        </Field>
        {!binKey && bin.length === 12 && (
          <p class="field-ok" data-testid="bin-ok">
            {t('bin.valid')}
          </p>
        )}
        <Field id="register-name" label={t('register.name')}>
          {() => (
            <input
              id="register-name"
              name="name"
              type="text"
              autoComplete="organization"
              maxLength={300}
              required
              value={name}
              onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="register-email" label={t('register.email')} hint={t('register.emailHint')}>
          {(describedBy) => (
            <input
              id="register-email"
              name="email"
              type="email"
              autoComplete="email"
              maxLength={254}
              required
              value={email}
              aria-describedby={describedBy}
              onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="register-language" label={t('register.language')}>
          {() => (
            <select id="register-language" value={mailLang} onChange={(e) => setMailLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
              {LANGS.map((code) => (
                <option key={code} value={code}>
                  {t(`lang.${code}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button" disabled={register.busy}>
          {t('register.submit')}
        </button>
        <ErrorMessage error={register.error} />
      </form>
    </section>
  );
};
