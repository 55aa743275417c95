import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';

export const NotFoundPage = () => {
  const { t } = useI18n();
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('common.backToSearch')}</Link>
      </p>
    </section>
  );
};
