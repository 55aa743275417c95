/**
 * Contracts and their implementation (issue 14).
 */
import { bidStore } from '../../shared/adapters/bid-store.js';
import { competitionStore } from '../../shared/adapters/competition-store.js';
import { contractStore } from '../../shared/adapters/contract-store.js';
import { contractorStore } from '../../shared/adapters/contractor-store.js';
import { qualificationStore } from '../../shared/adapters/evaluation-store.js';
import { lazySignatureVerifier } from '../../shared/adapters/lazy-signature-verifier.js';
import { projectStore } from '../../shared/adapters/project-store.js';
import { contractConfig } from '../../shared/config.js';
import { httpApi } from '../../shared/http/api.js';
import { contractsRoutes } from '../../shared/http/routes/contracts.js';
import { DEFAULT_PAGE_SIZE } from '../../shared/schemas/common.js';
import {
  amendContract,
  completeContract,
  contractSigningPayload,
  contractView,
  fileReport,
  getContract,
  myContracts,
  refuseContract,
  setMilestones,
  signContract,
  terminateContract,
  type ContractDeps,
} from '../../shared/use-cases/contracts.js';

const deps: ContractDeps = {
  contracts: contractStore,
  competitions: competitionStore,
  bids: bidStore,
  qualifications: qualificationStore,
  projects: projectStore,
  contractors: contractorStore,
  verifier: lazySignatureVerifier,
  config: contractConfig,
};

export const handler = httpApi(contractsRoutes, {
  contract: async ({ params }) => ({ body: contractView(await getContract(deps, params.id)) }),
  contracts: async ({ query }) => {
    const page = await contractStore.list(
      { ...(query.region ? { region: query.region } : {}), ...(query.status ? { status: query.status } : {}) },
      { limit: DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    return { body: { items: page.items.map((c) => contractView(c)), ...(page.cursor ? { cursor: page.cursor } : {}) } };
  },
  mine: async ({ caller, query }) => ({ body: await myContracts(deps, caller, { limit: DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) }) }),
  signingPayload: async ({ caller, params }) => ({ body: await contractSigningPayload(deps, caller, params.id) }),
  sign: async ({ caller, params, body }) => ({ body: contractView(await signContract(deps, caller, params.id, body)) }),
  refuse: async ({ caller, params, body }) => ({ body: contractView(await refuseContract(deps, caller, params.id, body)) }),
  setMilestones: async ({ caller, params, body }) => ({ body: contractView(await setMilestones(deps, caller, params.id, body)) }),
  amend: async ({ caller, params, body }) => ({ status: 201, body: contractView(await amendContract(deps, caller, params.id, body)) }),
  report: async ({ caller, params, body }) => ({ status: 201, body: contractView(await fileReport(deps, caller, params.id, body)) }),
  complete: async ({ caller, params }) => ({ body: contractView(await completeContract(deps, caller, params.id)) }),
  terminate: async ({ caller, params, body }) => ({ body: contractView(await terminateContract(deps, caller, params.id, body)) }),
});
