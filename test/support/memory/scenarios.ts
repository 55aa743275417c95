/**
 * Competitions brought to a state through the use cases themselves (so the records are what production writes), on
 * the in-memory ports; the clock is the faked `Date` of `test-clock.ts`.
 */
import type { Competition } from '../../../shared/domain/competition.js';
import type { Contractor } from '../../../shared/domain/contractor.js';
import type { Project } from '../../../shared/domain/project.js';
import type { Caller } from '../../../shared/http/identity.js';
import { bidSigningPayloadFor, submitBid, type Receipt } from '../../../shared/use-cases/bids.js';
import { createCompetition, publishCompetition } from '../../../shared/use-cases/competitions.js';
import { fakeSignature } from '../fake-signatures.js';
import { aContractor, aContractorCaller, anAkimat, aProject } from '../factories.js';
import { moveClockTo } from '../test-clock.js';
import type { MemoryPorts } from './index.js';

export interface Staged {
  readonly competition: Competition;
  readonly project: Project;
  readonly akimat: Caller;
}

/** A draft on a fresh project at selection. */
export const aDraftIn = async (ports: MemoryPorts, project: Partial<Project> = {}): Promise<Staged> => {
  const stored = ports.seed.project(aProject(project));
  const akimat = anAkimat(stored.kato);
  const competition = await createCompetition(ports.competitionDeps, akimat, { projectId: stored.id, title: { ru: 'Водопровод' }, estimatedValue: '500000000' });
  return { competition, project: stored, akimat };
};

/** A competition published now, in its enquiry period. */
export const aPublishedIn = async (ports: MemoryPorts, project: Partial<Project> = {}): Promise<Staged> => {
  const draft = await aDraftIn(ports, project);
  return { ...draft, competition: await publishCompetition(ports.competitionDeps, draft.akimat, draft.competition.id) };
};

/** A published competition with the clock moved into its tender period. */
export const aTenderingIn = async (ports: MemoryPorts, project: Partial<Project> = {}): Promise<Staged> => {
  const published = await aPublishedIn(ports, project);
  moveClockTo(published.competition.tenderPeriod!.startDate, 1000);
  return published;
};

/** A verified contractor and its caller. */
export const aVerifiedBidderIn = (ports: MemoryPorts, overrides: Partial<Contractor> = {}): { contractor: Contractor; caller: Caller } => {
  const contractor = ports.seed.contractor(aContractor(overrides));
  return { contractor, caller: aContractorCaller(contractor.bin) };
};

/** Submits `caller`'s bid at `price`, signed over the bytes the platform gives for it. */
export const signedBid = async (ports: MemoryPorts, caller: Caller, competitionId: string, price: string, documents: readonly string[] = []): Promise<Receipt> => {
  const { payload } = await bidSigningPayloadFor(ports.bidDeps, caller, competitionId, price, documents);
  return submitBid(ports.bidDeps, caller, competitionId, { price, documents, signature: fakeSignature(payload, caller.bin!) });
};
