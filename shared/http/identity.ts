/**
 * Who is calling: read from the claims the JWT authorizer (Cognito in AWS, the development identity provider
 * locally) validated and put on `requestContext.authorizer.jwt.claims`. Handlers trust these claims and nothing else.
 */
import { FINANCIER_ROUTES, ROLES, type FinancierRoute, type Role } from '../domain/roles.js';

export interface Caller {
  readonly sub: string;
  readonly role: Role;
  /** The akimat's region (top-level KATO code). */
  readonly kato?: string;
  /** The contractor's or akimat's organisation BIN. */
  readonly bin?: string;
  readonly email?: string;
  /** The financing route a financier serves (`custom:route`); absent for every other role. */
  readonly route?: FinancierRoute;
}

type ClaimValue = string | number | boolean | readonly string[] | undefined;

/** API Gateway flattens array claims to `"[a b]"`; tokens may also carry real arrays. */
const groupsOf = (value: ClaimValue): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
};

const text = (value: ClaimValue): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** The caller described by validated claims, or undefined when the claims name no single known role. */
export const callerFromClaims = (claims: Readonly<Record<string, ClaimValue>> | undefined): Caller | undefined => {
  if (!claims) return undefined;
  const sub = text(claims.sub);
  const roles = groupsOf(claims['cognito:groups']).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (!sub || roles.length !== 1) return undefined;
  const kato = text(claims['custom:kato']);
  const bin = text(claims['custom:bin']);
  const email = text(claims.email);
  const routeClaim = text(claims['custom:route']);
  const route = roles[0] === 'financier' && (FINANCIER_ROUTES as readonly string[]).includes(routeClaim ?? '') ? (routeClaim as FinancierRoute) : undefined;
  return { sub, role: roles[0]!, ...(kato ? { kato } : {}), ...(bin ? { bin } : {}), ...(email ? { email } : {}), ...(route ? { route } : {}) };
};
