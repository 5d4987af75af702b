import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChunk } from '../../src/ingest/parse-chunk.ts';
import { canonicalJson, contentHash, parseLine } from '../../src/sef/index.ts';
import { corpusLines, PIN_LINES } from './hash-pins.ts';

// The content hash decides whether a re-imported record is unchanged or a
// correction: if these values moved, every store would report each record
// of its next import as corrected. Pinned from the implementation of
// d371b08 (recursive Object.keys().sort(), JSON.stringify for leaves).

/** [canonical JSON, sha256] of each of PIN_LINES, in order. */
const PINNED: [string, string][] = [
  ["{\"agency\":\"police\",\"id\":\"police-met\",\"localAuthority\":\"Wandsworth\",\"name\":\"Metropolitan Police\",\"type\":\"source\"}","51c4100f53b2ab66e2f483e0b423dd7518e8b898daec635adc1a57552bf8aa65"],
  ["{\"addresses\":[{\"from\":\"2018-05-01\",\"kind\":\"home\",\"line1\":\"Flat 3, 12 Acre Road\",\"postcode\":\"SW18 2AB\",\"sealed\":false,\"town\":\"London\"}],\"aliases\":[{\"family\":\"Okafor\",\"given\":\"Aisha\"}],\"birthDate\":\"1997-03-14\",\"id\":\"NOM-55102\",\"name\":{\"family\":\"Adeyemi\",\"given\":\"Aisha\",\"middle\":\"Grace\"},\"nhsNumber\":\"9434765919\",\"phones\":[\"07700 900123\"],\"recordedAt\":\"2019-02-01T10:00:00Z\",\"sex\":\"female\",\"source\":\"police-met\",\"type\":\"person\"}","17d6ec352a011a43b33b236c07480350d87dd930fa3d212b7fa27e0a76322fbd"],
  ["{\"from\":\"C-1\",\"id\":\"REL-1\",\"kind\":\"mother\",\"source\":\"csc-wandsworth\",\"start\":\"2018-04-02\",\"to\":\"A-1\",\"type\":\"relationship\"}","f727f71fd0adbb51119f85e320cdba478e0d2011d98e2c8370e6a28f6c33fca4"],
  ["{\"address\":{\"line1\":\"Flat 3, 12 Acre Road\",\"postcode\":\"SW18 2AB\"},\"at\":\"2019-06-30T22:14:00Z\",\"data\":{\"category\":\"domestic_abuse\",\"childrenPresent\":true,\"childrenSeen\":false,\"sharedWith\":[]},\"id\":\"CAD-2019-0630-114\",\"kind\":\"police_incident\",\"source\":\"police-met\",\"subjects\":[{\"person\":\"NOM-55102\",\"role\":\"victim\"},{\"person\":\"NOM-55103\",\"role\":\"suspect\"},{\"person\":\"NOM-55104\",\"role\":\"child_present\"}],\"text\":\"Call to check on a baby's welfare; woman says the call was malicious.\",\"type\":\"event\"}","c3ea5ced0e7ef8ab19a5b528b0bb48caeb7190351e1d7edca9e00d483bd9446a"],
  ["{\"id\":\"P-3\",\"name\":{\"family\":\"Adeyemi\",\"given\":\"Aisha\"},\"recordedAt\":\"2020-01-02T03:04:05.678+01:00\",\"source\":\"police-met\",\"type\":\"person\"}","686e745b06bdbfb8ffeb53f7a7d95bfb948baee02742521cae41924d6b58c687"],
  ["{\"addresses\":[{\"kind\":\"refuge\",\"line1\":\"1 Refuge Way\",\"postcode\":\"AB1 2CD\",\"sealed\":true},{\"from\":\"2015-06-01\",\"kind\":\"home\",\"line1\":\"2 Home\",\"sealed\":false,\"to\":\"2019-01-31T10:00:00Z\",\"town\":\"T\"},{\"postcode\":\"SW1A 1AA\"}],\"aliases\":[{\"given\":\"Al\"},{\"family\":\"Smith\"}],\"birthDate\":\"2012-02\",\"extra\":{\"a\":[null,true],\"z\":1},\"id\":\"P-N\",\"name\":{\"family\":\"O'Neil\\\\\",\"given\":\"Zo\u00eb\"},\"nhsNumber\":\"9434765919\",\"phones\":[\"07700 900123\",\"01632 960001\"],\"source\":\"s1\",\"type\":\"person\",\"unborn\":false,\"upn\":\"A123456789012\"}","5e1fe5d7ab4d70d90d74f83bc0909cf7e248d5a5d5152ca70f94f1381da2d4ed"],
  ["{\"expectedDate\":\"2020-02-29\",\"id\":\"P-U\",\"name\":{\"family\":\"Baby\"},\"nhsNumber\":\"1234567890\",\"source\":\"s1\",\"type\":\"person\",\"unborn\":true,\"upn\":\"not a upn\"}","5ac7ff15ac78c36a54bc9119a72d96f857bffb4633c961328ab1a98c50de4820"],
  ["{\"at\":\"2019-03-31T01:30:00\",\"data\":{\"\":{},\"10\":1,\"9\":2,\"B\":4,\"Z\":[],\"_\":[null,[],{},0,1e+21,1.5e-7,0.1,1.2345678901234569e+23,100,-5e-324,1.7976931348623157e+308],\"a\":null,\"a b\":\"q\\\"uote\",\"b\":3,\"t\":\"tab\\tnewline\\ncr\\rbell\",\"\u00e9\":\"e\u0301\",\"\u2028\":\"\u2028\u2029\",\"\ud83d\ude00\":\"\ud83d\ude00 \ud83d\ude00\"},\"id\":\"E-X\",\"kind\":\"x-local\",\"source\":\"s1\",\"type\":\"event\"}","b05859ec4e780859280098ca6cf520eb2e0646add73395adb7c612876cde8485"],
  ["{\"address\":{\"kind\":\"other\",\"line1\":\"Flat 1\",\"postcode\":\"CR0 1AA\"},\"at\":\"2019-06-30\",\"data\":{\"concerns\":[\"neglect\"],\"local\":{\"x\":0,\"y\":[1,{\"b\":2,\"c\":3}]}},\"extraTop\":[\"x\",{\"k\":\"v\"}],\"id\":\"E-K\",\"kind\":\"referral\",\"source\":\"s1\",\"subjects\":[{\"note\":{\"a\":2,\"b\":1},\"person\":\"P-1\",\"role\":\"child\"},{\"person\":\"P-2\"}],\"text\":\"line one\\nline two\\t\\\"quoted\\\" \\\\ back\",\"type\":\"event\"}","c66e6568eae58bb2262252ac76f4853a2ac5d7e060b99b6fc6a83137cfab8fcb"],
  ["{\"at\":\"2019-06-30T22:14:00.123456789Z\",\"data\":{},\"id\":\"E-N\",\"kind\":\"visit\",\"source\":\"s1\",\"subjects\":[],\"type\":\"event\"}","8b7bf5d289957d252a63eaedf175d663556d1ffaa76c9d58be3d259ef8b4acd3"],
  ["{\"at\":\"2019-06-30T22:14:00-08:00\",\"data\":[1,\"two\"],\"id\":\"E-A\",\"kind\":\"x-absent\",\"source\":\"s1\",\"type\":\"event\"}","c50983c07d323920adde4a62f79144609ef130baea43184fef9977160e01ff82"],
  ["{\"address\":{\"line1\":\"Room 4\",\"sealed\":true},\"at\":\"2019-06-30\",\"data\":{\"kind\":\"refuge\"},\"id\":\"E-M\",\"kind\":\"move\",\"source\":\"s1\",\"type\":\"event\"}","d11daaffa40ae80455df7d689ce26bb6d0f365206f7fe537815d08820fde162b"],
  ["{\"from\":\"P-1\",\"id\":\"R-1\",\"kind\":\"sibling\",\"source\":\"s1\",\"start\":\"2020-02-29T23:59:59+05:30\",\"to\":\"P-2\",\"type\":\"relationship\"}","ed04061415bee5a8f2fb29b693103f28017fd33601dd1bbd82d8b4e764db31ca"],
  ["{\"agency\":\"other\",\"id\":\"s1\",\"name\":\"Spaced  name\",\"source\":\"s1\",\"type\":\"source\"}","7d10a474a33444d2212c745068efcf0c4b8103e233b32c48fbbc3ba13d67ddde"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"concerns\":[\"neglect\",\"domestic_abuse\"],\"outcome\":\"assessment\",\"referrer\":\"school\"},\"id\":\"EV-referral\",\"kind\":\"referral\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","be88e6d6f97a2bc272c26187bf9ac6a66cb17697c947c572042b8d318ba6163b"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"needs\":[\"housing\",\"parenting\"],\"outcome\":\"cin\",\"previousHistoryConsidered\":false,\"stage\":\"completed\"},\"id\":\"EV-assessment\",\"kind\":\"assessment\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","4088123a6010cfc328aed4bf1a5293bb9540a018101d0495cbdaacdcf1dbca1a"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"attendees\":[\"csc\",\"police\",\"health_visiting\"],\"decision\":\"s47\"},\"id\":\"EV-strategy_discussion\",\"kind\":\"strategy_discussion\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","618e5e1ecd655843de9962d15a714b7f40f2cefc86c9948e37798f3bdb0fa2a1"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"from\":\"s47\",\"partnersInformed\":false,\"to\":\"nfa\"},\"id\":\"EV-decision_changed\",\"kind\":\"decision_changed\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","309d62257cc0c324f4847d674321afc9c6f7444db0406e197170ef5f63c3a925"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"outcome\":\"icpc\",\"stage\":\"completed\"},\"id\":\"EV-s47_enquiry\",\"kind\":\"s47_enquiry\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","ea03323e486879afa66fa80103ead84b1ee0cce0fde07a894d517c2b0d1d70ae"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"attendees\":[\"school\"],\"category\":\"neglect\",\"conference\":\"initial\",\"invited\":[\"gp\",\"school\"],\"outcome\":\"cp_plan\"},\"id\":\"EV-cp_conference\",\"kind\":\"cp_conference\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","336f888a1f29062f360aa39b92ee28c50fedf7bdf3186c4bc8f8b618f46b05d4"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"dissent\":[\"police\"],\"needs\":[\"home_conditions\"],\"plan\":\"cp\",\"planId\":\"CP-7\",\"reason\":\"neglect\",\"stage\":\"started\"},\"id\":\"EV-plan\",\"kind\":\"plan\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","76c9020b2a87ad7118a17088bfd8b8d7603aa4dfb54d87173d6e71a3cb2f500a"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"action\":\"Weekly home visit\",\"actionId\":\"A-1\",\"addresses\":[\"home_conditions\"],\"due\":\"2019-08-01\",\"owner\":\"health_visiting\",\"planId\":\"CP-7\",\"status\":\"open\"},\"id\":\"EV-plan_action\",\"kind\":\"plan_action\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","9853acd53356270829a90200490e2c03ce259c1c4101f51ba0ed136bd41c93ce"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"attendees\":[\"school\"],\"invited\":[\"gp\",\"school\"],\"planId\":\"CP-7\"},\"id\":\"EV-core_group\",\"kind\":\"core_group\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","aa4e13446dac4096d790857a5337614c4a22bc50c176ff12e646b38500a39e3c"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"outcome\":\"seen\",\"purpose\":\"statutory\",\"seen\":[\"C-1\"],\"seenAlone\":true},\"id\":\"EV-visit\",\"kind\":\"visit\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","7f0e126d7f07c87f010e94bfc92a292c8c7e962ee2cedfabe2a72abf1b9f2904"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"sharedWith\":[\"police\"],\"stage\":\"made\",\"terms\":\"Mr X will not visit the family home.\"},\"id\":\"EV-written_agreement\",\"kind\":\"written_agreement\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","344de271d45018a1682e1bbbb5e55d87ab371d212fb05ef0b1d75b5b8353da67"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"about\":\"Case closed while concerns remain\",\"by\":\"school\",\"stage\":\"raised\"},\"id\":\"EV-escalation\",\"kind\":\"escalation\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","8d0b44a85c3b40c91735bb622868d78791b36c90457e1a58eafc6227b840f54d"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"reason\":\"non_engagement\",\"service\":\"early_help\"},\"id\":\"EV-case_closed\",\"kind\":\"case_closed\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","9ee0af4923b9b9bb046cbbfbaf87994f32952c5f949fa1555a013b1ae99d0e54"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"role\":\"social_worker\",\"worker\":\"W-042\"},\"id\":\"EV-allocation\",\"kind\":\"allocation\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","d453af4759893ff26922e97dc66d93f0f1c542f2f66a5518f34aafd767839c5d"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"fromLocalAuthority\":\"Wandsworth\",\"service\":\"csc\",\"stage\":\"sent\",\"toLocalAuthority\":\"Croydon\"},\"id\":\"EV-transfer\",\"kind\":\"transfer\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","ae4bc741bc90ea0521cef046d5cdd5dd9ef0b5de157f8286d2501973889dc6fe"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"legalStatus\":\"C2\",\"stage\":\"started\"},\"id\":\"EV-looked_after\",\"kind\":\"looked_after\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","f43008139876257e32b8069837f2deed91a79ca70fa1a0dc5ebfdd3acb942942"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"outcome\":\"was_not_brought\",\"service\":\"immunisation\"},\"id\":\"EV-appointment\",\"kind\":\"appointment\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","adb55852f8ec266eba13fa218c655e6d87b08e6a4c70a0b569036fb4e3b8d865"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"expectedDate\":\"2020-01-10\",\"gestationWeeks\":12,\"stage\":\"booked\"},\"id\":\"EV-pregnancy\",\"kind\":\"pregnancy\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","330bb8df09b85fd55bb8c959f057b03f44ad00eac7772adb0ecff5d1564c9177"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"contactEveryDays\":28,\"level\":\"universal_plus\",\"service\":\"health_visiting\"},\"id\":\"EV-service_level\",\"kind\":\"service_level\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","c223d263267d576e677446584c0a529551a6002b9672749c1bf19667201761a1"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"practice\":\"Acre Road Surgery\",\"stage\":\"deregistered\"},\"id\":\"EV-gp_registration\",\"kind\":\"gp_registration\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","84aa6adc452f09bf965153036dc33967fe78f9061fc26ae71658161b595df95b"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"concern\":\"faltering_growth\"},\"id\":\"EV-health_concern\",\"kind\":\"health_concern\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","1738d6b8568789fdf00b73471454547f38c6630c9a93a834eb76a1a03333ea71"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"category\":\"domestic_abuse\",\"childrenPresent\":true,\"childrenSeen\":false,\"sharedWith\":[]},\"id\":\"EV-police_incident\",\"kind\":\"police_incident\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","18099c4561d4b16d10fb9d9a94511562813076a4f9686372fda8d71d2ece41aa"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"assessor\":\"police\",\"level\":\"high\",\"professionalJudgementHigh\":false,\"score\":14,\"tool\":\"dash\"},\"id\":\"EV-da_risk_assessment\",\"kind\":\"da_risk_assessment\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","252d5e025164aa66faca9928e7088d9ccddd2f3383bfa5e31857a4504de08df8"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"to\":\"gp\"},\"id\":\"EV-da_disclosure\",\"kind\":\"da_disclosure\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","086c705a00403b97de21f3423f0404a7292b6a4f7074e590dc7756bcc6663e0c"],
  ["{\"address\":{\"line1\":\"4 Mill Lane\",\"postcode\":\"SW18 4XX\"},\"at\":\"2019-07-01\",\"data\":{\"category\":\"drug_supply\",\"grading\":\"unverified\"},\"id\":\"EV-intelligence\",\"kind\":\"intelligence\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","776270125856d95a14139b02258085c192b58b5985732fffdcc579be8984550b"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"area\":\"Wandsworth\",\"reason\":\"dash_high\",\"stage\":\"heard\"},\"id\":\"EV-marac\",\"kind\":\"marac\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","655f420562b5b762d064b203f0f9f6cf9648a78e1599a9dd99d635501dee90a0"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"outcome\":\"disclosed\",\"route\":\"right_to_ask\"},\"id\":\"EV-clares_law\",\"kind\":\"clares_law\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","3e4336017be8831d72a46207e6a4c5952399f74af3f6b583b118421080d90380"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"about\":\"police-met:CAD-2019-0630-114\",\"decision\":\"not_shared\",\"reason\":\"Disclosure would put the victim at risk.\",\"with\":[\"school\"]},\"id\":\"EV-sharing_decision\",\"kind\":\"sharing_decision\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","e71f3d4211fc0f7f4aa2016f65b7fbb0b7036faf64a25e3aa3cb7b3387c134d7"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"scheme\":\"operation_encompass\",\"school\":\"school-st-marys\"},\"id\":\"EV-school_notification\",\"kind\":\"school_notification\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","58af9bccf6078f3639cc570e698c2787ad978647017bf471ffe1127ed4c12c8e"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"category\":\"violence\",\"stage\":\"charge\"},\"id\":\"EV-offence\",\"kind\":\"offence\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","3dd87eb389cdbfb1bfc4895849af013603bd1d1a046da9193bb51598af4cacba"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"domesticAbusePerpetrator\":true,\"riskOfSeriousHarm\":\"high\",\"stage\":\"started\"},\"id\":\"EV-supervision\",\"kind\":\"supervision\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","de296b98f0589ff425b7b4b91c3a0c4ea3a2a3f6be4cadd3a143ab1f23b3eceb"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"destination\":\"unknown\",\"setting\":\"school\",\"stage\":\"removed_from_roll\"},\"id\":\"EV-enrolment\",\"kind\":\"enrolment\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","743cd8121d3ded02e24c7a28eba2c829997b652c136925e59ee13d11a1c148fb"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"from\":\"2019-09-01\",\"percent\":71.5,\"to\":\"2019-12-20\"},\"id\":\"EV-attendance\",\"kind\":\"attendance\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","13b1ed4e7030c827cbe3b7ece76c2e1ea8e18943f2d7d32936251f8688f21072"],
  ["{\"address\":{\"line1\":\"Room 4, 1 Station Road\",\"postcode\":\"CR0 1AA\"},\"at\":\"2019-07-01\",\"data\":{\"fromLocalAuthority\":\"Wandsworth\",\"kind\":\"temporary\",\"toLocalAuthority\":\"Croydon\"},\"id\":\"EV-move\",\"kind\":\"move\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","6fcebabdf9be994651f14229dede11909c03c379fde0a63803e45c48280beaa9"],
  ["{\"at\":\"2019-07-01\",\"data\":{\"concern\":\"overcrowding\"},\"id\":\"EV-housing_concern\",\"kind\":\"housing_concern\",\"source\":\"csc-wandsworth\",\"subjects\":[{\"person\":\"C-1\",\"role\":\"child\"}],\"type\":\"event\"}","c66fbd5d6858786fa5dacf7f0f93ff73588a28fff209ed0c7fa3a3475c508956"],
];
const CORPUS = { records: 4110, digest: 'df787f7387b8818f362320f13358b4e9634de3c2cee8a2d2b759796ba80c46a3' };

/** The original canonical JSON, kept as the reference a faster one must equal. */
function referenceCanonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : referenceCanonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    if (o[k] === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${referenceCanonicalJson(o[k])}`);
  }
  return `{${parts.join(',')}}`;
}

function parsed(line: string) {
  const r = parseLine(line);
  if (!r?.ok) throw new Error(`pinned line must parse: ${line} ${JSON.stringify(r)}`);
  return r.record;
}

describe('content hash (pinned)', () => {
  it('gives the pinned canonical JSON and hash for each pinned record', () => {
    expect(PIN_LINES.length).toBe(PINNED.length);
    PIN_LINES.forEach((line, i) => {
      const record = parsed(line);
      expect(canonicalJson(record)).toBe(PINNED[i]![0]);
      expect(contentHash(record)).toBe(PINNED[i]![1]);
    });
  });

  it('gives the same hashes through the import path (parseChunk, as the parse worker runs it)', () => {
    const chunk = parseChunk(PIN_LINES.map((text, i) => ({ line: i + 1, text, bytes: Buffer.byteLength(text) })));
    expect(chunk.bad).toEqual([]);
    expect(chunk.hash).toEqual(PINNED.map((p) => p[1]));
    // the stored body is the pinned canonical JSON (COPY-escaped in the tail)
    let start = 0;
    chunk.tailEnds.forEach((end, i) => {
      expect(chunk.tails.toString('utf8', start, end).split('\t')[5]).toBe(PINNED[i]![0].replace(/\\/g, '\\\\'));
      start = end;
    });
  });

  it('gives the pinned digest over thousands of records (scenario files, fixture, generated)', () => {
    const all = createHash('sha256');
    const viaChunk = createHash('sha256');
    let n = 0;
    const source: { line: number; text: string; bytes: number }[] = [];
    for (const line of corpusLines()) {
      const r = parseLine(line);
      if (!r?.ok) continue;
      all.update(`${contentHash(r.record)}\n`);
      source.push({ line: ++n, text: line, bytes: Buffer.byteLength(line) });
    }
    for (const h of parseChunk(source).hash) viaChunk.update(`${h}\n`);
    expect({ records: n, digest: all.digest('hex') }).toEqual(CORPUS);
    expect(viaChunk.digest('hex')).toBe(CORPUS.digest);
  });

  it('equals the original canonical JSON on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
      }),
      { numRuns: 3_000 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 2 })), (v) => {
        expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
      }),
      { numRuns: 1_000 },
    );
  });
});
