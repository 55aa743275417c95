/**
 * Who may use Konkurs: the groups of the identity provider (Cognito groups in AWS, the development identity provider
 * locally). The domain owns them; the topology and the CDK stacks read them from here.
 */
export const ROLES = ['akimat', 'contractor', 'ministry', 'financier'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The financing routes a financier serves (Baiterek's operators), carried by the financier's token as `custom:route`:
 * the Development Bank of Kazakhstan and second-tier banks, or the Kazakhstan Housing Company's purchase of the local
 * executive bodies' bonds. `budget` applications are decided by the ministry, so no financier serves that route.
 */
export const FINANCIER_ROUTES = ['dbk-banks', 'khc-bonds'] as const;
export type FinancierRoute = (typeof FINANCIER_ROUTES)[number];
