/**
 * Who may use Konkurs: the groups of the identity provider (Cognito groups in AWS, the development identity provider
 * locally). The domain owns them; the topology and the CDK stacks read them from here.
 */
export const ROLES = ['akimat', 'contractor', 'ministry'] as const;
export type Role = (typeof ROLES)[number];
