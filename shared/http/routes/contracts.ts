/**
 * Routes of the contracts function (issue 14): the contract created after the standstill, signed by the akimat and
 * the supplier, refused; its milestones, amendments, progress reports, completion and termination.
 */
import { defineRoute } from '../route.js';
import {
  amendmentBody,
  contractListQuery,
  contractPageResponse,
  contractSchema,
  contractSigningPayloadResponse,
  milestonesBody,
  reasonBody,
  reportBody,
  signContractBody,
} from '../../schemas/contracts.js';

const tags = ['contracts'];

export const contractsRoutes = {
  contract: defineRoute({
    method: 'GET',
    path: '/contracts/{id}',
    auth: 'public',
    summary: 'A contract: parties, value, signing deadline, signatures, milestones (with `overdue`), amendments, reports, progress',
    tags,
    response: { status: 200, schema: contractSchema },
  }),
  contracts: defineRoute({
    method: 'GET',
    path: '/contracts',
    auth: 'public',
    summary: 'Contracts by region and status, newest first (cursor pages)',
    tags,
    query: contractListQuery,
    response: { status: 200, schema: contractPageResponse },
  }),
  signingPayload: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/signing-payload',
    auth: ['akimat', 'contractor'],
    summary: 'The canonical bytes each party signs: the contract’s facts, its milestones and the SHA-256 of its documents',
    description: 'For the akimat of the region (buyer) and the awarded contractor (supplier) while the contract is pending.',
    tags,
    response: { status: 200, schema: contractSigningPayloadResponse },
    errors: ['Conflict'],
  }),
  sign: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/sign',
    auth: ['akimat', 'contractor'],
    summary: 'Sign the contract (detached CMS over `…/signing-payload`); the second signature makes it active',
    description:
      'The supplier’s certificate must be of the awarded BIN, the akimat’s of its organisation. Both signed: the contract is ' +
      '`active`, the competition `complete`, the project in implementation.',
    tags,
    body: signContractBody,
    response: { status: 200, schema: contractSchema },
    errors: ['Conflict'],
  }),
  refuse: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/refuse',
    auth: ['contractor'],
    summary: 'The supplier refuses to sign: the award is cancelled (the next-ranked bid may be awarded) and a register entry is proposed',
    tags,
    body: reasonBody,
    response: { status: 200, schema: contractSchema },
    errors: ['Conflict'],
  }),
  setMilestones: defineRoute({
    method: 'PUT',
    path: '/contracts/{id}/milestones',
    auth: ['akimat'],
    summary: 'Set the milestones before anyone signs (afterwards only through an amendment)',
    tags,
    body: milestonesBody,
    response: { status: 200, schema: contractSchema },
    errors: ['Conflict'],
  }),
  amend: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/amendments',
    auth: ['akimat'],
    summary: 'Amend an active contract’s value and/or milestones, with a rationale (kept with the previous terms)',
    tags,
    body: amendmentBody,
    response: { status: 201, schema: contractSchema },
    errors: ['Conflict'],
  }),
  report: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/reports',
    auth: ['akimat'],
    summary: 'A progress report: physical progress, works accepted, payments; naming a milestone marks it met',
    tags,
    body: reportBody,
    response: { status: 201, schema: contractSchema },
    errors: ['Conflict'],
  }),
  complete: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/complete',
    auth: ['akimat'],
    summary: 'Complete the contract: the project is completed',
    tags,
    response: { status: 200, schema: contractSchema },
    errors: ['Conflict'],
  }),
  terminate: defineRoute({
    method: 'POST',
    path: '/contracts/{id}/terminate',
    auth: ['akimat'],
    summary: 'Terminate the contract with a reason',
    tags,
    body: reasonBody,
    response: { status: 200, schema: contractSchema },
    errors: ['Conflict'],
  }),
};
