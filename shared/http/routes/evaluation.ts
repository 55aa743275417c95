/**
 * Routes of the evaluation function: the akimat's evaluation (checks, qualification decisions, ranking), the signed
 * award with its protocol, complaints and their decisions, and the register of unscrupulous participants.
 */
import { defineRoute } from '../route.js';
import { competitionViewSchema } from '../../schemas/competitions.js';
import {
  awardBody,
  awardSigningPayloadBody,
  awardSigningPayloadResponse,
  complaintBody,
  complaintDecisionBody,
  complaintListResponse,
  complaintQueueResponse,
  complaintSchema,
  evaluationResponse,
  qualificationBody,
  registerEntryBody,
  registerEntrySchema,
  registerPageResponse,
  registerQuery,
} from '../../schemas/evaluation.js';

const tags = ['evaluation'];
const complaintTags = ['complaints'];
const registerTags = ['register of unscrupulous participants'];

export const evaluationRoutes = {
  evaluation: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/evaluation',
    auth: ['akimat', 'ministry', 'contractor'],
    summary: 'The evaluation after opening: each bid with its automatic checks, decision, reasons and rank; the award and its standstill',
    description: 'For the akimat of the region, ministries and the competition’s bidders.',
    tags,
    response: { status: 200, schema: evaluationResponse },
    errors: ['Conflict'],
  }),
  qualify: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/bids/{bin}/qualification',
    auth: ['akimat'],
    summary: 'Qualify or disqualify a bid (reasons required to disqualify); revisable until the award',
    description: 'When the decision leaves every valid bid disqualified, the competition ends `unsuccessful`.',
    tags,
    body: qualificationBody,
    response: { status: 200, schema: evaluationResponse },
    errors: ['Conflict'],
  }),
  awardSigningPayload: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/award/signing-payload',
    auth: ['akimat'],
    summary: 'The canonical bytes (RFC 8785 JSON) awarding `bin` signs, with the evaluation protocol’s SHA-256',
    description: 'Only the first-ranked bid (the lowest qualified price; ties: the earlier bid) can be awarded: 409 names it otherwise.',
    tags,
    body: awardSigningPayloadBody,
    response: { status: 200, schema: awardSigningPayloadResponse },
    errors: ['Conflict'],
  }),
  award: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/award',
    auth: ['akimat'],
    summary: 'Award the lowest qualified bid, signed by the akimat: publishes the evaluation protocol and starts the standstill',
    description:
      'The signature is a detached CMS over the bytes of `…/award/signing-payload`, by a certificate of the akimat’s ' +
      'organisation (its token’s BIN). Another bid than the first-ranked is refused with 409 naming the first-ranked.',
    tags,
    body: awardBody,
    response: { status: 200, schema: competitionViewSchema },
    errors: ['Conflict'],
  }),
  fileComplaint: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/complaints',
    auth: ['contractor'],
    summary: 'Complain about the award (a bidder, during the standstill) or the tender conditions (a verified contractor, until the cut-off before the deadline)',
    tags: complaintTags,
    body: complaintBody,
    response: { status: 201, schema: complaintSchema },
    errors: ['Conflict'],
  }),
  complaints: defineRoute({
    method: 'GET',
    path: '/competitions/{id}/complaints',
    auth: 'public',
    summary: 'The complaints of a competition, with the author’s organisation and the decisions',
    tags: complaintTags,
    response: { status: 200, schema: complaintListResponse },
  }),
  decideComplaint: defineRoute({
    method: 'POST',
    path: '/competitions/{id}/complaints/{cid}/decision',
    auth: ['ministry'],
    summary: 'The reviewing body’s decision; satisfied cancels the award and reopens evaluation',
    tags: complaintTags,
    body: complaintDecisionBody,
    response: { status: 200, schema: complaintSchema },
    errors: ['Conflict'],
  }),
  complaintQueue: defineRoute({
    method: 'GET',
    path: '/complaints',
    auth: ['ministry'],
    summary: 'Pending complaints across regions, earliest review deadline first',
    tags: complaintTags,
    response: { status: 200, schema: complaintQueueResponse },
  }),
  addRegisterEntry: defineRoute({
    method: 'POST',
    path: '/registry/unscrupulous',
    auth: ['ministry'],
    summary: 'List a BIN in the register of unscrupulous participants for a period: it cannot bid meanwhile',
    tags: registerTags,
    body: registerEntryBody,
    response: { status: 201, schema: registerEntrySchema },
  }),
  register: defineRoute({
    method: 'GET',
    path: '/registry/unscrupulous',
    auth: 'public',
    summary: 'The register: the entries of one BIN (`?bin=`), or all entries newest first (cursor pages)',
    tags: registerTags,
    query: registerQuery,
    response: { status: 200, schema: registerPageResponse },
  }),
  endRegisterEntry: defineRoute({
    method: 'POST',
    path: '/registry/unscrupulous/{entryId}/end',
    auth: ['ministry'],
    summary: 'End a register entry before its term',
    tags: registerTags,
    response: { status: 200, schema: registerEntrySchema },
    errors: ['Conflict'],
  }),
  confirmRegisterEntry: defineRoute({
    method: 'POST',
    path: '/registry/unscrupulous/{entryId}/confirm',
    auth: ['ministry'],
    summary: 'Confirm an entry the platform proposed after a contract refusal: from now on it bars the BIN for its term',
    tags: registerTags,
    response: { status: 200, schema: registerEntrySchema },
    errors: ['Conflict'],
  }),
};
