/**
 * The codes of the qualification requirement template, in its order: the sector's licence, then the requirements every
 * sector shares. The wording in three languages is in `evaluation.ts` (`qualificationRequirements(sector)`, which a
 * unit test keeps in step with this list); drafts only need the codes, so the competition functions import this
 * module and not the evaluation rules.
 */
export const QUALIFICATION_REQUIREMENT_CODES: readonly string[] = ['licence', 'similarExperience', 'financialStability', 'noTaxArrears', 'equipment', 'qualifiedStaff'];
