/**
 * A pending contract written straight into the local table, as the deadline checker would have made it after the
 * standstill: its competition (awarded to `supplier`, standstill over, naming the contract) and the contract itself.
 * For tests that need a contract without walking a competition through its periods (the clock moves only forward).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { competitionItem } from '../../shared/adapters/competition-store.js';
import { contractItem, supplierContractItem } from '../../shared/adapters/contract-store.js';
import type { Competition } from '../../shared/domain/competition.js';
import { newContract, type Contract } from '../../shared/domain/contract.js';
import { clockNow, documentClient, seedProject } from './local.js';

export const seedPendingContract = async (kato: string, supplier: { bin: string; name: string }, price = '500000000'): Promise<Contract> => {
  const now = await clockNow();
  const iso = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  const project = await seedProject({ kato, sector: 'water', stage: 'contractor-determination' });
  const id = `KC${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const contractId = `K${id}`;
  const competition: Competition = {
    id,
    projectId: project.id,
    kato,
    sector: 'water',
    title: { ru: 'Договорный конкурс' },
    estimatedValue: '900000000',
    status: 'active.awarded',
    version: 1,
    bidsValidFromVersion: 1,
    enquiryPeriod: { startDate: iso(-200), endDate: iso(-150) },
    tenderPeriod: { startDate: iso(-150), endDate: iso(-100) },
    publishedAt: iso(-200),
    bidsOpenedAt: iso(-99),
    award: { id: '1', bin: supplier.bin, price, at: iso(-90), status: 'active', complaintPeriod: { startDate: iso(-90), endDate: iso(-2) } },
    contractId,
    createdAt: iso(-201),
    updatedAt: iso(-1),
    createdBy: 'seed',
  };
  // Thirty days to sign: long past the matrix's clock.
  const contract = newContract({ id: contractId, competition: { ...competition, award: competition.award! }, supplierName: supplier.name, buyerName: 'Акимат', now }, { signingWorkingDays: 20 });
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: competitionItem(competition) }));
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: contractItem(contract) }));
  await documentClient().send(new PutCommand({ TableName: 'konkurs', Item: supplierContractItem(contract) }));
  return contract;
};
