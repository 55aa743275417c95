/** Routes: public pages, sign-in, and the contractor's, akimat's and ministry's pages. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { SessionProvider, useSession } from './app-context.js';
import { Layout } from './components/layout.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { AkimatCompetitionPage } from './pages/akimat-competition.js';
import { AkimatListPage } from './pages/akimat-list.js';
import { AkimatNewPage } from './pages/akimat-new.js';
import { CompetitionPage } from './pages/competition.js';
import { ContractPage } from './pages/contract.js';
import { ContractorProfilePage } from './pages/contractor-profile.js';
import { ContractorRegisterPage } from './pages/contractor-register.js';
import { InquiryFollowPage } from './pages/inquiry-follow.js';
import { InquiryNewPage } from './pages/inquiry-new.js';
import { InquiryCasePage, InquiryQueuePage } from './pages/inquiry-staff.js';
import { FinancierQueuePage, MinistryFinancingPage } from './pages/financing.js';
import { MinistryImplementationPage } from './pages/implementation.js';
import { MinistryRedFlagsPage } from './pages/red-flags.js';
import { AkimatFinancingPage } from './pages/akimat-financing.js';
import { MyContractsPage } from './pages/my-contracts.js';
import { MinistryPage } from './pages/ministry.js';
import { ComplaintQueuePage } from './pages/ministry-complaints.js';
import { RegistryPage } from './pages/ministry-registry.js';
import { MyBidsPage } from './pages/my-bids.js';
import { NotFoundPage } from './pages/not-found.js';
import { SearchPage } from './pages/search.js';
import { SignInPage } from './pages/sign-in.js';
import { SummaryPage } from './pages/summary.js';
import { VerifyPage } from './pages/verify.js';
import { Link, match, useLocation } from './router.js';
import type { Role } from './session.js';

/** Pages for one role: others are asked to sign in as that role. */
const RequireRole = ({ role, children }: { role: Role; children: ComponentChildren }) => {
  const { session } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  if (session?.role === role) return <>{children}</>;
  return (
    <section>
      <h1 tabIndex={-1}>{t('signin.required.title')}</h1>
      <p>{t('signin.required.text', { role: t(`role.${role}`) })}</p>
      <p>
        <Link class="button" href={`/signin?role=${role}&next=${encodeURIComponent(path)}`}>
          {t('nav.signIn')}
        </Link>
      </p>
    </section>
  );
};

const Routes = () => {
  const { path } = useLocation();
  let params: Record<string, string> | undefined;
  if (path === '/' || path === '') return <SearchPage />;
  if (path === '/summary') return <SummaryPage />;
  if (path === '/signin') return <SignInPage />;
  if (path === '/verify') return <VerifyPage />;
  if ((params = match('/competitions/:id', path))) return <CompetitionPage id={params.id!} />;
  if ((params = match('/contracts/:id', path))) return <ContractPage id={params.id!} />;
  if (path === '/inquiries/new') return <InquiryNewPage />;
  if ((params = match('/inquiries/:id', path))) return <InquiryFollowPage id={params.id!} />;
  if (path === '/contractor/register') return <RequireRole role="contractor"><ContractorRegisterPage /></RequireRole>;
  if (path === '/contractor') return <RequireRole role="contractor"><ContractorProfilePage /></RequireRole>;
  if (path === '/contractor/contracts') return <RequireRole role="contractor"><MyContractsPage /></RequireRole>;
  if (path === '/contractor/bids') return <RequireRole role="contractor"><MyBidsPage /></RequireRole>;
  if (path === '/akimat') return <RequireRole role="akimat"><AkimatListPage /></RequireRole>;
  if (path === '/akimat/new') return <RequireRole role="akimat"><AkimatNewPage /></RequireRole>;
  if ((params = match('/akimat/competitions/:id', path))) {
    return <RequireRole role="akimat"><AkimatCompetitionPage id={params.id!} /></RequireRole>;
  }
  if (path === '/akimat/inquiries') return <RequireRole role="akimat"><InquiryQueuePage /></RequireRole>;
  if (path === '/akimat/financing') return <RequireRole role="akimat"><AkimatFinancingPage /></RequireRole>;
  if ((params = match('/akimat/inquiries/:id', path))) return <RequireRole role="akimat"><InquiryCasePage id={params.id!} /></RequireRole>;
  if (path === '/ministry') return <RequireRole role="ministry"><MinistryPage /></RequireRole>;
  if (path === '/ministry/complaints') return <RequireRole role="ministry"><ComplaintQueuePage /></RequireRole>;
  if (path === '/ministry/registry') return <RequireRole role="ministry"><RegistryPage /></RequireRole>;
  if (path === '/ministry/implementation') return <RequireRole role="ministry"><MinistryImplementationPage /></RequireRole>;
  if (path === '/ministry/red-flags') return <RequireRole role="ministry"><MinistryRedFlagsPage /></RequireRole>;
  if (path === '/ministry/financing') return <RequireRole role="ministry"><MinistryFinancingPage /></RequireRole>;
  if (path === '/ministry/budget-applications') return <RequireRole role="ministry"><FinancierQueuePage /></RequireRole>;
  if (path === '/financier') return <RequireRole role="financier"><FinancierQueuePage /></RequireRole>;
  if (path === '/ministry/inquiries') return <RequireRole role="ministry"><InquiryQueuePage /></RequireRole>;
  if ((params = match('/ministry/inquiries/:id', path))) return <RequireRole role="ministry"><InquiryCasePage id={params.id!} /></RequireRole>;
  return <NotFoundPage />;
};

/** After client-side navigation, focus moves to the new page's heading, as a page load would put it at the top. */
const FocusOnNavigate = () => {
  const { path } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    (heading ?? document.getElementById('main'))?.focus();
    window.scrollTo(0, 0);
  }, [path]);
  return null;
};

export const App = () => (
  <I18nProvider>
    <SessionProvider>
      <Layout>
        <FocusOnNavigate />
        <Routes />
      </Layout>
    </SessionProvider>
  </I18nProvider>
);
