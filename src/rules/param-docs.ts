// Descriptions of every rule threshold, for docs/policy.md (rendered by policyReference;
// a test keeps the document and the catalogue in step).
export const PARAM_DOCS: Record<string, Record<string, string>> = {
  'repeat-referrals': {
    inWindow: "Referrals (about the child or its siblings) within the window that raise the alert.",
    windowMonths: "Length of the sliding window, in calendar months.",
    ever: "Referrals since the last plan, over any period, that raise the alert.",
  },
  'repeat-assessments-no-intervention': {
    count: "Completed assessments with one of `outcomes` within the window.",
    windowMonths: "Length of the sliding window, in months.",
    outcomes: "Assessment outcomes that count as \"no intervention\".",
  },
  'early-help-non-engagement-history': {
    lookbackMonths: "How far back an early help closure for non-engagement counts.",
  },
  'child-not-seen': {
    cpDays: "Longest gap, in days, for a child on a child protection plan.",
    cinDays: "Longest gap for a child in need plan.",
    earlyHelpDays: "Longest gap for an early help plan.",
    universalPlusDays: "Longest gap for Universal Plus or Universal Partnership Plus health visiting.",
    under5KnownDays: "Longest gap for any under-5 known to services; 0 switches this part of the rule off.",
    under5Known: "What makes an under-5 \"known to services\": `open` (default), while the child or someone in its household has open involvement (a plan, targeted health visiting, a MARAC case); `recent`, any children’s services, MARAC, IDVA or police domestic abuse record about the child or its household in the last `under5KnownForMonths`. `recent` flags ordinary Healthy Child Programme gaps: on the demo about six times the alerts (3.6 against 0.6 per 1,000 children a month), and alerts on near-miss control families.",
    under5KnownForMonths: "With `under5Known: recent`: how long after such a record the child counts as known to services.",
  },
  'was-not-brought': {
    count: "Missed child health appointments (was_not_brought / did_not_attend) within the window.",
    windowMonths: "Window for the count and for the immunisation + development review pair.",
  },
  'siblings-not-considered': {
    withinDays: "Days after the visit or assessment within which the under-5 must be seen.",
    kinds: "Event kinds about another child that start the clock.",
    agencies: "Agencies whose visits and assessments start the clock.",
  },
  'no-access-visits': {
    consecutive: "Consecutive visits without seeing the child.",
  },
  'unknown-adult-in-household': {
    linkingAgencies: "Agencies whose records can link an adult to the child’s address or household.",
    workingAgencies: "Agencies that count as \"working with the child\" when they hold a record about the child.",
    workingWindowMonths: "How recent that record must be, relative to the link; also how long a children’s social care or early help record keeps the child \"involved\".",
    requireInvolvement: "Hold only while children’s services are involved with the child (an open plan, targeted health visiting or MARAC case of the child or a parent, or an `involvementAgencies` record about the child within `workingWindowMonths`). `false` restores the first reading, which on the demo held for every child whose father was on a tenancy but not in the school’s records (836 open alerts for 5,000 children).",
    involvementAgencies: "Agencies whose record about the child makes it \"involved\" for `requireInvolvement`.",
  },
  'adult-risk-in-household': {
    offenceCategories: "`offence` categories that count.",
    incidentCategories: "`police_incident` categories that count when the adult is suspect or perpetrator.",
    intelligenceCategories: "`intelligence` categories naming the adult that count.",
    minRiskOfSeriousHarm: "Lowest probation risk of serious harm that counts (`low`, `medium`, `high`, `very_high`); a domestic abuse perpetrator under supervision always counts.",
    lookbackYears: "Police records older than this stop counting.",
    sharedIncidentsCount: "Whether a police incident shared with children’s social care (`sharedWith` naming `csc`) counts as a record of risk. Off by default: CSC already holds it and the domestic abuse rules deal with it; on, on the demo, nearly half of this rule’s new alerts were such incidents.",
  },
  'cross-boundary-move': {
    withinWorkingDays: "Working days after the move by which a `transfer` `received` must be recorded.",
  },
  'removed-from-roll': {
    withinSchoolDays: "School days after a family move by which a setting must record the child.",
    onRollWithinDaysBeforeMove: "A child removed from roll this many days before a move still counts as on roll.",
  },
  'da-repeat-incidents-marac': {
    count: "Domestic abuse incidents about the victim within the window.",
    windowMonths: "Window length in months.",
    referralWithinDays: "Days after the incident that reaches the count by which a MARAC referral must be made.",
    policeReportsOnly: "Count police domestic abuse reports only (the Wandsworth protocol in 004 §6.86); by default disclosures to any agency count too.",
  },
  'marac-repeat': {
    withinMonthsOfReferral: "Months after the last MARAC referral in which new abuse calls for a repeat referral.",
    referralWithinDays: "Days by which the repeat referral must be made.",
    assumeSamePerpetratorWhenUnrecorded: "When either record names no perpetrator, treat it as the same perpetrator.",
  },
  'high-risk-da-marac': {
    minScore: "Risk factors ticked (DASH) that make an assessment high risk.",
    referralWithinDays: "Days by which the MARAC referral must be made.",
  },
  'da-without-risk-assessment': {
    withinDays: "Days after the disclosure or incident by which a DASH/DARA/DARAC must be recorded.",
  },
  'marac-referral-no-outcome': {
    withinDays: "Days after the referral by which it must be heard.",
    outcomeStages: "`marac` stages that count as an outcome.",
  },
  'marac-transfer-lost': {
    withinDays: "Days after the move by which a `transfer_received` must be recorded.",
  },
  'da-in-pregnancy': {
    responseKinds: "Event kinds (about the victim or household) that count as the multi-agency response and resolve the alert; a MARAC referral also does.",
  },
  'children-present-school-notify': {
    schoolAgeFrom: "Youngest age (years) counted as school age; a child on a school or nursery roll always counts.",
    schoolAgeTo: "Oldest age counted as school age.",
    schoolStartsAt: "Time of day (UTC, HH:MM) the school day starts: the deadline for the notification.",
  },
  'police-concern-not-shared': {
    withinDays: "Days after the incident’s day by which it must be shared (1 = by the end of the next day).",
    cscAgencies: "Agencies that count as children’s social care for sharing.",
  },
  'pre-birth-history': {
    byGestationWeeks: "Gestation by which a pre-birth assessment must be open.",
  },
  'late-booking': {
    afterWeeks: "A booking after this many weeks’ gestation is late.",
  },
  's47-changed-without-partners': {
    to: "Decisions a section 47 may not change to without partners informed.",
  },
  'step-down-dissent-not-escalated': {
    withinWorkingDays: "Working days after the step-down by which an escalation must be raised.",
  },
  'cp-plan-actions-dropped': {
    needsAddressedWithinDays: "Days after the plan starts by which every assessed need must have an action.",
  },
  'core-group-gaps': {
    firstWithinWorkingDays: "Working days after the initial conference for the first core group.",
    nextWithinDays: "Longest gap between core groups, in days.",
    membershipChanges: "Changes of attendee set within the window that raise the alert.",
    membershipWindowMonths: "Window for membership changes, in months.",
    afterMoveWithinWorkingDays: "Working days after a family move by which the core group must reconvene.",
    concernLookbackMonths: "How recent a housing concern or domestic abuse must be to make housing or police/IDVA a key agency.",
  },
  'written-agreement-unshared': {
    breachResponseWithinWorkingDays: "Working days after a breach by which a strategy discussion or plan review must follow.",
    responseKinds: "Event kinds that count as that response.",
  },
  'not-shared-without-reason': {
    withinDays: "Days by which a relevant record must be shared with CSC or covered by a sharing decision.",
    relevantKinds: "Event kinds that are safeguarding-relevant.",
    cscAgencies: "Agencies that count as children’s social care.",
  },
  'soft-intel-at-child-address': {
    categories: "`intelligence` categories that count.",
    withinDays: "Days by which the intelligence must be shared with CSC.",
    recentlyLeftDays: "An address the child left this recently still counts (004 §6.80: the vacated home used for dealing).",
    cscAgencies: "Agencies that count as children’s social care.",
  },
  'home-conditions-recurring': {
    count: "Concerns within the window.",
    windowMonths: "Window length in months.",
    housingConcerns: "`housing_concern` kinds that count (referrals citing `housing` always count).",
  },
  'professional-turnover': {
    changes: "Changes of allocated worker within the window.",
    windowMonths: "Window length in months.",
    roles: "Allocation roles whose changes count.",
  },
  'universal-plus-drift': {
    defaultContactEveryDays: "Expected contact interval when the `service_level` record gives no `contactEveryDays`.",
    tolerance: "Allowed overrun as a fraction (0.5 = 50%).",
  },
};
