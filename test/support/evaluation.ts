/**
 * The akimat's side of an award for integration tests: qualify a bid, then award it signed with a development
 * certificate of the akimat's own BIN over the server's award signing payload.
 */
import { api, type ApiResponse } from './local.js';
import { binOf, certificateFor, signWith } from './signing.js';

/** `POST …/bids/{bin}/qualification` with `decision` (reasons when disqualifying). */
export const qualify = (akimatToken: string, competitionId: string, bin: string, decision: 'qualified' | 'disqualified', reasons?: { code: string; text: string }[]) =>
  api(`/competitions/${competitionId}/bids/${bin}/qualification`, { token: akimatToken, body: { decision, ...(reasons ? { reasons } : {}) } });

/**
 * `POST …/award` for `bin`, signed over `…/award/signing-payload` by the token's BIN. When the server refuses the
 * payload (a 409 naming the first-ranked bid), that refusal is returned instead.
 */
export const signedAward = async (akimatToken: string, competitionId: string, bin: string): Promise<ApiResponse> => {
  const payload = await api<{ payload: string }>(`/competitions/${competitionId}/award/signing-payload`, { token: akimatToken, body: { bin } });
  if (payload.status !== 200) return payload;
  const organisation = binOf(akimatToken);
  if (!organisation) throw new Error('the akimat token carries no BIN to sign with');
  const signature = await signWith(await certificateFor(organisation), new Uint8Array(Buffer.from(payload.body.payload, 'base64')));
  return api(`/competitions/${competitionId}/award`, { token: akimatToken, body: { bin, signature } });
};

/** Qualifies `bin` and awards it, signed: what the award took before evaluation existed. */
export const qualifyAndAward = async (akimatToken: string, competitionId: string, bin: string): Promise<ApiResponse> => {
  const qualified = await qualify(akimatToken, competitionId, bin, 'qualified');
  if (qualified.status !== 200) throw new Error(`qualification refused (${qualified.status}): ${JSON.stringify(qualified.body)}`);
  return signedAward(akimatToken, competitionId, bin);
};
