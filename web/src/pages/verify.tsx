/** Where the verification email's link lands (`/verify?token=`): confirms the contractor's email address. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useSession } from '../app-context.js';
import { ErrorMessage, Loading } from '../components/ui.js';
import { useI18n } from '../i18n/index.js';
import { Link, useLocation } from '../router.js';
import type { Contractor } from '../types.js';

export const VerifyPage = () => {
  const { t } = useI18n();
  const { session } = useSession();
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [state, setState] = useState<{ contractor?: Contractor; error?: unknown; done: boolean }>({ done: false });
  const sent = useRef(false);

  useEffect(() => {
    // The token is single-use: send it once even if the page renders again.
    if (sent.current || !token) return;
    sent.current = true;
    api<Contractor>('/contractors/verify', { body: { token } }).then(
      (contractor) => setState({ contractor, done: true }),
      (error: unknown) => setState({ error, done: true }),
    );
  }, [token]);

  return (
    <section aria-labelledby="verify-title" class="narrow">
      <h1 id="verify-title" tabIndex={-1}>
        {t('verify.title')}
      </h1>
      {!token && <p class="message message-error" role="alert">{t('verify.noToken')}</p>}
      {token && !state.done && <Loading />}
      {state.contractor && (
        <div class="message message-ok" role="status" data-testid="verified">
          <p>{t('verify.done', { name: state.contractor.name, email: state.contractor.email })}</p>
        </div>
      )}
      {state.error !== undefined && (
        <>
          <p>{t('verify.failed')}</p>
          <ErrorMessage error={state.error} />
        </>
      )}
      {state.done && (
        <p>
          {session?.role === 'contractor' ? (
            <Link class="button" href="/contractor">
              {t('verify.toProfile')}
            </Link>
          ) : (
            <Link class="button" href="/signin?role=contractor&next=%2Fcontractor">
              {t('nav.signIn')}
            </Link>
          )}
        </p>
      )}
    </section>
  );
};
