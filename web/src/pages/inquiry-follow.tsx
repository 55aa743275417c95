/**
 * The inquirer follows its inquiry: with the token of its link (`?token=`), the one remembered in this browser, or
 * the access code typed in. The page shows the status, the deadline and, once given, the answer.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { InquiryFacts, InquiryTexts } from '../components/inquiry.js';
import { ErrorMessage, Field, Loading } from '../components/ui.js';
import { useI18n } from '../i18n/index.js';
import { rememberedInquiryToken, rememberInquiryToken, type InquiryPublic } from '../inquiry.js';
import { useLocation } from '../router.js';
import { useLoad } from '../components/ui.js';

export const InquiryFollowPage = ({ id }: { id: string }) => {
  const { t } = useI18n();
  const { query } = useLocation();
  const [token, setToken] = useState<string | undefined>(() => query.get('token') ?? rememberedInquiryToken(id));
  const [code, setCode] = useState('');
  const inquiry = useLoad(async () => {
    if (!token) return undefined;
    const found = await api<InquiryPublic>(`/inquiries/${encodeURIComponent(id)}`, { query: { token } });
    rememberInquiryToken(id, token);
    return found;
  }, [id, token]);
  const notFound = inquiry.error instanceof ApiError && (inquiry.error.status === 404 || inquiry.error.status === 422);

  return (
    <section aria-labelledby="inquiry-title">
      <h1 id="inquiry-title" tabIndex={-1}>
        {t('inquiry.follow.title', { id })}
      </h1>
      {inquiry.loading && token && <Loading />}
      {notFound ? (
        <div class="message message-error" role="alert">
          <p>{t('inquiry.follow.notFound')}</p>
        </div>
      ) : (
        <ErrorMessage error={inquiry.error} />
      )}
      {inquiry.data && (
        <div data-testid="inquiry">
          <InquiryFacts inquiry={inquiry.data} />
          <InquiryTexts inquiry={inquiry.data} />
        </div>
      )}
      {(!token || notFound) && (
        <form
          class="stack narrow"
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim()) setToken(code.trim());
          }}
        >
          <Field id="inquiry-code" label={t('inquiry.follow.code')} hint={t('inquiry.follow.codeHint')}>
            {(describedBy) => (
              <input
                id="inquiry-code"
                type="text"
                autoComplete="off"
                required
                maxLength={200}
                value={code}
                aria-describedby={describedBy}
                onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit" class="button">
            {t('inquiry.follow.open')}
          </button>
        </form>
      )}
    </section>
  );
};
