/**
 * Anyone files an inquiry with the МЭКС contact centre (topic, region, question, contact) and gets the link that
 * follows it: the access code in it is shown once, and remembered in this browser.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePartyName } from '../components/inquiry.js';
import { ErrorMessage, Field, useAction } from '../components/ui.js';
import { dateTime } from '../format.js';
import { LANGS, useI18n, type Lang, type MessageKey } from '../i18n/index.js';
import { followLink, INQUIRY_TEXT_MAX, INQUIRY_TOPICS, rememberInquiryToken, type FiledInquiry, type InquiryTopic } from '../inquiry.js';
import { REGIONS, sortedRegions } from '../reference.js';
import { Link, useLocation } from '../router.js';

export const InquiryNewPage = () => {
  const { t, lang } = useI18n();
  const party = usePartyName();
  const { query } = useLocation();
  // From a competition's page: the inquiry names it, and its region answers.
  const competitionId = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(query.get('competition') ?? '') ? query.get('competition')! : undefined;
  const fromRegion = REGIONS.some((r) => r.kato === query.get('region')) ? query.get('region')! : '';
  const [topic, setTopic] = useState<InquiryTopic>('competition');
  const [kato, setKato] = useState(fromRegion);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [answerLang, setAnswerLang] = useState<Lang>(lang);
  const [contactMissing, setContactMissing] = useState(false);
  const [filed, setFiled] = useState<FiledInquiry>();

  const file = useAction(async () => {
    const result = await api<FiledInquiry>('/inquiries', {
      body: {
        topic,
        ...(kato ? { kato } : {}),
        text: text.trim(),
        contact: { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) },
        language: answerLang,
        ...(competitionId && topic === 'competition' ? { competitionId } : {}),
      },
    });
    rememberInquiryToken(result.id, result.accessToken);
    setFiled(result);
  });

  if (filed) {
    const link = followLink(filed.id, filed.accessToken);
    return (
      <section aria-labelledby="inquiry-new-title" class="narrow">
        <h1 id="inquiry-new-title" tabIndex={-1}>
          {t('inquiry.filed.title')}
        </h1>
        <div class="message message-ok" role="status" data-testid="inquiry-filed">
          <p>{t('inquiry.filed.text', { id: filed.id, party: party(filed.routedTo), due: dateTime(filed.dueAt, lang) })}</p>
        </div>
        <p>{t('inquiry.filed.link')}</p>
        <p class="digest">
          <Link href={`/inquiries/${encodeURIComponent(filed.id)}?token=${encodeURIComponent(filed.accessToken)}`} data-testid="follow-link">
            {link}
          </Link>
        </p>
      </section>
    );
  }

  const noContact = contactMissing && !email.trim() && !phone.trim();
  return (
    <section aria-labelledby="inquiry-new-title" class="narrow">
      <h1 id="inquiry-new-title" tabIndex={-1}>
        {t('inquiry.new.title')}
      </h1>
      <p class="lead">{t('inquiry.new.lead')}</p>
      {competitionId && topic === 'competition' && (
        <p class="message message-ok" data-testid="inquiry-competition">
          {t('inquiry.competition', { id: competitionId })}
        </p>
      )}
      <form
        class="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget as HTMLFormElement;
          if (!email.trim() && !phone.trim()) {
            setContactMissing(true);
            document.getElementById('inquiry-email')?.focus();
            return;
          }
          if (form.checkValidity()) void file.run();
          else form.reportValidity();
        }}
      >
        <Field id="inquiry-topic" label={t('inquiry.topic')}>
          {() => (
            <select id="inquiry-topic" value={topic} onChange={(e) => setTopic((e.currentTarget as HTMLSelectElement).value as InquiryTopic)}>
              {INQUIRY_TOPICS.map((code) => (
                <option key={code} value={code}>
                  {t(`inquiry.topic.${code}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="inquiry-region" label={t('inquiry.region')} hint={t('inquiry.regionHint')}>
          {(describedBy) => (
            <select id="inquiry-region" value={kato} aria-describedby={describedBy} onChange={(e) => setKato((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('inquiry.regionNone')}</option>
              {sortedRegions(lang).map((r) => (
                <option key={r.kato} value={r.kato}>
                  {r.name[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="inquiry-text" label={t('inquiry.text')} hint={t('inquiry.textHint', { max: INQUIRY_TEXT_MAX })}>
          {(describedBy) => (
            <textarea
              id="inquiry-text"
              rows={6}
              required
              maxLength={INQUIRY_TEXT_MAX}
              value={text}
              aria-describedby={describedBy}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <fieldset class="stack" aria-describedby={`inquiry-contact-hint${noContact ? ' inquiry-contact-error' : ''}`}>
          <legend>{t('inquiry.contact')}</legend>
          <p class="hint" id="inquiry-contact-hint">
            {t('inquiry.contactHint')}
          </p>
          <Field id="inquiry-name" label={t('inquiry.name')}>
            {() => (
              <input id="inquiry-name" type="text" autoComplete="name" required maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
            )}
          </Field>
          <Field id="inquiry-email" label={t('inquiry.email')}>
            {() => (
              <input
                id="inquiry-email"
                type="email"
                autoComplete="email"
                maxLength={254}
                value={email}
                aria-invalid={noContact}
                onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field id="inquiry-phone" label={t('inquiry.phone')}>
            {() => (
              <input
                id="inquiry-phone"
                type="tel"
                autoComplete="tel"
                maxLength={30}
                value={phone}
                aria-invalid={noContact}
                onInput={(e) => setPhone((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          {noContact && (
            <p class="field-error" id="inquiry-contact-error" role="alert">
              {t('inquiry.contactMissing')}
            </p>
          )}
        </fieldset>
        <Field id="inquiry-language" label={t('inquiry.language')}>
          {() => (
            <select id="inquiry-language" value={answerLang} onChange={(e) => setAnswerLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
              {LANGS.map((code) => (
                <option key={code} value={code}>
                  {t(`lang.${code}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button" disabled={file.busy}>
          {t('inquiry.submit')}
        </button>
        <ErrorMessage error={file.error} />
      </form>
    </section>
  );
};
