// The rule catalogue, in the order of shared/design/rules.md.

import repeatReferrals from './repeat-referrals.ts';
import repeatAssessmentsNoIntervention from './repeat-assessments-no-intervention.ts';
import earlyHelpNonEngagementHistory from './early-help-non-engagement-history.ts';
import childNotSeen from './child-not-seen.ts';
import wasNotBrought from './was-not-brought.ts';
import siblingsNotConsidered from './siblings-not-considered.ts';
import noAccessVisits from './no-access-visits.ts';
import unknownAdultInHousehold from './unknown-adult-in-household.ts';
import adultRiskInHousehold from './adult-risk-in-household.ts';
import crossBoundaryMove from './cross-boundary-move.ts';
import removedFromRoll from './removed-from-roll.ts';
import daRepeatIncidentsMarac from './da-repeat-incidents-marac.ts';
import maracRepeat from './marac-repeat.ts';
import highRiskDaMarac from './high-risk-da-marac.ts';
import daWithoutRiskAssessment from './da-without-risk-assessment.ts';
import maracReferralNoOutcome from './marac-referral-no-outcome.ts';
import maracTransferLost from './marac-transfer-lost.ts';
import daInPregnancy from './da-in-pregnancy.ts';
import childrenPresentSchoolNotify from './children-present-school-notify.ts';
import policeConcernNotShared from './police-concern-not-shared.ts';
import childNotSeenByPolice from './child-not-seen-by-police.ts';
import preBirthHistory from './pre-birth-history.ts';
import lateBooking from './late-booking.ts';
import parentCareHistory from './parent-care-history.ts';
import s47ChangedWithoutPartners from './s47-changed-without-partners.ts';
import stepDownDissentNotEscalated from './step-down-dissent-not-escalated.ts';
import cpPlanActionsDropped from './cp-plan-actions-dropped.ts';
import coreGroupGaps from './core-group-gaps.ts';
import writtenAgreementUnshared from './written-agreement-unshared.ts';
import notSharedWithoutReason from './not-shared-without-reason.ts';
import softIntelAtChildAddress from './soft-intel-at-child-address.ts';
import homeConditionsRecurring from './home-conditions-recurring.ts';
import professionalTurnover from './professional-turnover.ts';
import universalPlusDrift from './universal-plus-drift.ts';
import type { Rule } from '../rule.ts';

// Each rule is typed by its own params; the catalogue holds them as rules over plain records.
export const CATALOGUE: readonly Rule[] = [
  repeatReferrals as unknown as Rule,
  repeatAssessmentsNoIntervention as unknown as Rule,
  earlyHelpNonEngagementHistory as unknown as Rule,
  childNotSeen as unknown as Rule,
  wasNotBrought as unknown as Rule,
  siblingsNotConsidered as unknown as Rule,
  noAccessVisits as unknown as Rule,
  unknownAdultInHousehold as unknown as Rule,
  adultRiskInHousehold as unknown as Rule,
  crossBoundaryMove as unknown as Rule,
  removedFromRoll as unknown as Rule,
  daRepeatIncidentsMarac as unknown as Rule,
  maracRepeat as unknown as Rule,
  highRiskDaMarac as unknown as Rule,
  daWithoutRiskAssessment as unknown as Rule,
  maracReferralNoOutcome as unknown as Rule,
  maracTransferLost as unknown as Rule,
  daInPregnancy as unknown as Rule,
  childrenPresentSchoolNotify as unknown as Rule,
  policeConcernNotShared as unknown as Rule,
  childNotSeenByPolice as unknown as Rule,
  preBirthHistory as unknown as Rule,
  lateBooking as unknown as Rule,
  parentCareHistory as unknown as Rule,
  s47ChangedWithoutPartners as unknown as Rule,
  stepDownDissentNotEscalated as unknown as Rule,
  cpPlanActionsDropped as unknown as Rule,
  coreGroupGaps as unknown as Rule,
  writtenAgreementUnshared as unknown as Rule,
  notSharedWithoutReason as unknown as Rule,
  softIntelAtChildAddress as unknown as Rule,
  homeConditionsRecurring as unknown as Rule,
  professionalTurnover as unknown as Rule,
  universalPlusDrift as unknown as Rule,
];

export const RULE_IDS: readonly string[] = CATALOGUE.map((r) => r.id);
