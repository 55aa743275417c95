/** The page frame: skip link, header (brand, navigation by role, language, sign-in), main, footer. */
import type { ComponentChildren } from 'preact';
import { useSession } from '../app-context.js';
import { config } from '../config.js';
import { LANG_NAMES, LANGS, useI18n } from '../i18n/index.js';
import { regionName } from '../reference.js';
import { Link, useLocation } from '../router.js';

const NavLink = ({ href, children, exact }: { href: string; children: ComponentChildren; exact?: boolean }) => {
  const { path } = useLocation();
  const active = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <li>
      <Link href={href} aria-current={active ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
};

export const Layout = ({ children }: { children: ComponentChildren }) => {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useSession();
  const { path, query } = useLocation();
  const settings = config();
  const mailboxUrl = settings.auth === 'dev' ? settings.mailboxUrl : undefined;
  const signInHref = `/signin?next=${encodeURIComponent(path + (query.toString() ? `?${query}` : ''))}`;

  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="header-top">
          <Link href="/" class="brand">
            <span class="brand-mark" aria-hidden="true">
              M
            </span>
            <span>{t('app.name')}</span>
          </Link>
          <div class="lang-switch" role="group" aria-label={t('nav.language')}>
            {LANGS.map((code) => (
              <button
                key={code}
                type="button"
                lang={code}
                aria-pressed={code === lang}
                data-lang={code}
                onClick={() => setLang(code)}
              >
                {LANG_NAMES[code]}
              </button>
            ))}
          </div>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul class="nav-list">
            <NavLink href="/" exact>
              {t('nav.competitions')}
            </NavLink>
            <NavLink href="/summary">{t('nav.summary')}</NavLink>
            {session?.role !== 'akimat' && session?.role !== 'ministry' && <NavLink href="/inquiries/new">{t('nav.contactCentre')}</NavLink>}
            {session?.role === 'contractor' && (
              <>
                <NavLink href="/contractor" exact>
                  {t('nav.profile')}
                </NavLink>
                <NavLink href="/contractor/bids">{t('nav.myBids')}</NavLink>
                <NavLink href="/contractor/contracts">{t('nav.myContracts')}</NavLink>
              </>
            )}
            {session?.role === 'akimat' && (
              <>
                <NavLink href="/akimat" exact>
                  {t('nav.myCompetitions')}
                </NavLink>
                <NavLink href="/akimat/new">{t('nav.newCompetition')}</NavLink>
                <NavLink href="/akimat/inquiries">{t('nav.inquiries')}</NavLink>
                <NavLink href="/akimat/financing">{t('nav.akimatFinancing')}</NavLink>
              </>
            )}
            {session?.role === 'ministry' && (
              <>
                <NavLink href="/ministry" exact>
                  {t('nav.dashboard')}
                </NavLink>
                <NavLink href="/ministry/complaints">{t('nav.complaints')}</NavLink>
                <NavLink href="/ministry/registry">{t('nav.registry')}</NavLink>
                <NavLink href="/ministry/inquiries">{t('nav.inquiries')}</NavLink>
                <NavLink href="/ministry/implementation">{t('nav.implementation')}</NavLink>
                <NavLink href="/ministry/financing">{t('nav.financing')}</NavLink>
                <NavLink href="/ministry/red-flags">{t('nav.redFlags')}</NavLink>
                <NavLink href="/ministry/budget-applications">{t('nav.budgetApplications')}</NavLink>
              </>
            )}
            {session?.role === 'financier' && (
              <NavLink href="/financier" exact>
                {t('nav.financingQueue')}
              </NavLink>
            )}
          </ul>
          <div class="account">
            {session ? (
              <>
                <span class="who" data-testid="who">
                  {t(`role.${session.role}`)}
                  {session.role === 'akimat' && session.kato ? ` · ${regionName(session.kato, lang)}` : ''}
                  {session.role === 'contractor' && session.bin ? ` · ${t('common.bin')} ${session.bin}` : ''}
                </span>
                <button type="button" class="link-button" onClick={signOut}>
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              <Link href={signInHref} class="button button-small">
                {t('nav.signIn')}
              </Link>
            )}
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>{t('footer.about')}</p>
        <p>
          <a href={`${settings.apiUrl}/openapi.json`}>{t('footer.api')}</a>
          {mailboxUrl && (
            <>
              {' · '}
              <a href={`${mailboxUrl}/`}>{t('footer.mailbox')}</a>
            </>
          )}
        </p>
      </footer>
    </>
  );
};
