// Public API of the rules: the input contract, the engine, the policy, the catalogue.
export type { Picture, PictureEvent, PicturePerson, PictureRelationship, PictureAddress, Ref, Agency } from './picture.ts';
export { indexPicture, PictureIndex, addressKey, refKey } from './picture.ts';
export type { Condition, Citation, Rule, Recipient, Routing, Scope } from './rule.ts';
export { CATALOGUE, RULE_IDS } from './catalogue/index.ts';
export type { Evaluation, EvaluateOptions } from './engine.ts';
export { evaluatePicture, evaluateIndex, calendarFor, ruleById, candidates, affectedSubjects, coverageOf } from './engine.ts';
export { pictureFromSef } from './scenario-picture.ts';
export type { Policy, RulePolicy, PolicyIssue } from './policy.ts';
export { loadPolicy, defaultPolicy, defaultPolicyYaml, PolicyError, POLICY_VERSION } from './policy.ts';
export { Calendar, parseTime } from './calendar.ts';
