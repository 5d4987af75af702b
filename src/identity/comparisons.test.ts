import { describe, expect, it } from 'vitest';
import { addressLine, birthDate, email, familyName, givenName, middleName, nhsNumber, otherId, phone, postcode, sex, town, upn, type Comparison } from './comparisons.ts';
import { prepare } from './prepare.ts';
import type { LinkRecord } from './record.ts';
import { person } from './testkit.ts';

/** A valid DfE UPN for a 12-character body: the check letter from the weighted sum mod 23. */
function validUpn(body: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i + 2);
  return `${'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23]}${body}`;
}

/** The label of the level two records reach, or null for the null level. */
function level(c: Comparison, a: LinkRecord, b: LinkRecord): string | null {
  const set = prepare([a, b]);
  const l = c.compare(set, 0, 1);
  const back = c.compare(set, 1, 0);
  expect(back).toBe(l); // every comparison is symmetric
  return l < 0 ? null : c.levels[l]!.label;
}

describe('given name', () => {
  const g = (x: string | null, y: string | null, extra: Parameters<typeof person>[0] = {}) => level(givenName, person({ given: x, family: 'smith', ...extra }), person({ given: y, family: 'smith' }));
  it('exact, fuzzy, nickname, phonetic, different, missing', () => {
    expect(g('william', 'William')).toBe('exact');
    expect(g('jonathon', 'jonathan')).toMatch(/Jaro-Winkler ≥ 0.92/);
    expect(g('bill', 'william')).toBe('nickname or diminutive');
    expect(g('peggy', 'margaret')).toBe('nickname or diminutive');
    expect(g('kaz', 'karen')).toBe('nickname or diminutive');
    expect(g('teagan', 'tegan')).toMatch(/Jaro-Winkler ≥ 0.88/);
    expect(g('stephen', 'steven')).toBe('nickname or diminutive');
    expect(g('sofia', 'sophia')).toBe('same phonetic key');
    expect(g('mohammed', 'muhammad')).toBe('same phonetic key');
    expect(g('kasia', 'katarzyna')).toBe('nickname or diminutive');
    expect(g('tope', 'temitope')).toBe('nickname or diminutive');
    expect(g('mo', 'mohammad')).toBe('nickname or diminutive');
    expect(g('amelia', 'olivia')).toBe('different');
    expect(g(null, 'olivia')).toBeNull();
  });
  it('matches a middle name or an alias used as the given name', () => {
    expect(level(givenName, person({ given: 'aisha', middle: 'grace', family: 'adeyemi' }), person({ given: 'grace', family: 'adeyemi' }))).toBe('matches a middle name or alias');
    expect(level(givenName, person({ given: 'aisha', family: 'adeyemi', aliases: [{ given: 'ash' }] }), person({ given: 'ash', family: 'adeyemi' }))).toBe('matches a middle name or alias');
  });
  it('recognises given and family names swapped, even with a typo', () => {
    const a = person({ given: 'mikhayla', family: 'hannagan' });
    expect(level(givenName, a, person({ given: 'hannagan', family: 'mikhayla' }))).toBe('given and family swapped (JW ≥ 0.88 each)');
    expect(level(familyName, a, person({ given: 'hannagan', family: 'mikhayla' }))).toBe('given and family swapped (JW ≥ 0.88 each)');
    expect(level(givenName, a, person({ given: 'hanagan', family: 'mikhayla' }))).toMatch(/swapped/);
  });
  it('keeps twins with the same surname apart', () => {
    expect(level(givenName, person({ given: 'leah', family: 'khan' }), person({ given: 'amir', family: 'khan' }))).toBe('different');
  });
});

describe('family name', () => {
  const f = (x: Parameters<typeof person>[0], y: Parameters<typeof person>[0]) => level(familyName, person({ given: 'ann', ...x }), person({ given: 'ann', ...y }));
  it('exact, fuzzy, phonetic, different', () => {
    expect(f({ family: 'Smith' }, { family: 'smith' })).toBe('exact');
    expect(f({ family: 'harrington' }, { family: 'harringtom' })).toMatch(/0.92/);
    expect(f({ family: 'thompson' }, { family: 'thomson' })).toMatch(/Jaro-Winkler/);
    expect(f({ family: 'mcdonald' }, { family: 'macdonald' })).toMatch(/Jaro-Winkler|phonetic/);
    expect(f({ family: 'smith' }, { family: 'jones' })).toBe('different');
    expect(f({ family: null }, { family: 'jones' })).toBeNull();
  });
  it('matches one part of a hyphenated or double-barrelled surname', () => {
    expect(f({ family: 'Smith-Jones' }, { family: 'Jones' })).toMatch(/double-barrelled/);
    expect(f({ family: 'Lloyd Webber' }, { family: 'Lloyd' })).toMatch(/double-barrelled/);
    expect(f({ family: 'Smith-Jones' }, { family: 'Jones-Smith' })).toMatch(/double-barrelled/);
  });
  it('matches an alias or former (maiden) surname', () => {
    expect(f({ family: 'adeyemi', aliases: [{ given: 'ann', family: 'okafor' }] }, { family: 'okafor' })).toMatch(/former name/);
  });
});

describe('date of birth', () => {
  const d = (x: string | null, y: string | null) => level(birthDate, person({ given: 'a', birthDate: x }), person({ given: 'a', birthDate: y }));
  it('grades agreement', () => {
    expect(d('2015-03-04', '2015-03-04')).toBe('exact');
    expect(d('2015-03-04', '2015-04-03')).toBe('day and month transposed');
    expect(d('2015-03-04', '2015-03-07')).toMatch(/one digit wrong/);
    expect(d('2015-03-14', '2015-03-41')).toBe('agree as far as both are known (partial date)'); // a corrupt day degrades to month precision
    expect(d('2015-03-12', '2015-03-21')).toMatch(/one digit wrong or two adjacent digits swapped/);
    expect(d('2015-03', '2015-03-04')).toBe('agree as far as both are known (partial date)');
    expect(d('2015', '2015-03-04')).toBe('agree as far as both are known (partial date)');
    expect(d('2015-03-04', '2016-01-20')).toBe('within a year'); // sisters a year apart
    expect(d('1980-03-04', '2015-06-20')).toBe('different'); // mother and daughter
    expect(d(null, '2015-03-04')).toBeNull();
  });
  it('a wrong year digit is a typo; a year apart is not', () => {
    expect(d('2015-03-04', '2016-03-04')).toMatch(/one digit wrong/);
    expect(d('2019-03-04', '2020-03-04')).toBe('within a year'); // two digits change across a decade
    expect(d('2015', '2016')).toBe('within a year'); // years only
    expect(d('2015-12', '2016-01-20')).toBe('within a year'); // month precision across new year
    expect(d('2015', '2017-01-01')).toBe('different');
    expect(d('2015-03', '2015-04')).toBe('within a year'); // same year, months differ: not a partial agreement
  });
});

describe('middle name', () => {
  const m = (x: string | null, y: string | null) => level(middleName, person({ given: 'ann', middle: x }), person({ given: 'ann', middle: y }));
  it('exact, an initial against the full name, a typo, different, missing', () => {
    expect(m('Grace', 'grace')).toBe('exact');
    expect(m('G', 'grace')).toMatch(/initial/);
    expect(m('katherine', 'katharine')).toMatch(/initial or Jaro-Winkler/);
    expect(m('grace', 'megan')).toBe('different');
    expect(m(null, 'megan')).toBeNull();
  });
});

describe('identifiers, sex, postcode, address, town, phone, email', () => {
  it('NHS number and UPN: same, different, missing or invalid', () => {
    expect(level(nhsNumber, person({ nhsNumber: '9434765919' }), person({ nhsNumber: '943 476 5919' }))).toBe('same NHS number');
    expect(level(nhsNumber, person({ nhsNumber: '9434765919' }), person({ nhsNumber: '4010232137' }))).toBe('different valid NHS numbers');
    expect(level(nhsNumber, person({ nhsNumber: '9434765919' }), person({ nhsNumber: '9434765918' }))).toBeNull(); // invalid: never used
    expect(level(upn, person({}), person({}))).toBeNull();
  });
  it('NHS number and UPN conflicts are graded as such, whatever else agrees', () => {
    const a = validUpn('887200726327');
    const b = validUpn('887200726328');
    expect(level(upn, person({ given: 'leah', upn: a }), person({ given: 'leah', upn: a.toLowerCase() }))).toBe('same UPN');
    expect(level(upn, person({ given: 'leah', upn: a }), person({ given: 'leah', upn: b }))).toBe('different valid UPNs');
    expect(level(upn, person({ upn: a }), person({ upn: `${a.slice(0, -1)}9` }))).toBeNull(); // wrong check letter: never used
    const twinA = { given: 'gabriela', family: 'martinez', birthDate: '2022-06-27', sex: 'female' };
    expect(level(nhsNumber, person({ ...twinA, nhsNumber: '9434765919' }), person({ ...twinA, nhsNumber: '4010232137' }))).toBe('different valid NHS numbers');
  });
  it('other identifiers tolerate one typo', () => {
    expect(level(otherId, person({}), person({}))).toBeNull();
    const o = (x: string, y: string) => level(otherId, { ...person({}), otherId: x }, { ...person({}), otherId: y });
    expect(o('1234567', '1234567')).toBe('same');
    expect(o('1234567', '1234576')).toMatch(/one character wrong or two swapped/);
    expect(o('1234567', '1234568')).toMatch(/one character wrong/);
    expect(o('1234567', '7654321')).toBe('different');
  });
  it('sex', () => {
    expect(level(sex, person({ sex: 'female' }), person({ sex: 'female' }))).toBe('same');
    expect(level(sex, person({ sex: 'female' }), person({ sex: 'male' }))).toBe('different');
    expect(level(sex, person({ sex: 'female' }), person({ sex: 'unknown' }))).toBeNull();
  });
  it('postcode unit, sector and district, over all addresses', () => {
    expect(level(postcode, person({ postcode: 'SW18 2AB' }), person({ postcode: 'sw182ab' }))).toMatch(/unit/);
    expect(level(postcode, person({ postcode: 'SW18 2AB' }), person({ postcode: 'SW18 2XY' }))).toBe('same sector');
    expect(level(postcode, person({ postcode: 'SW18 2AB' }), person({ postcode: 'SW18 5XY' }))).toBe('same district');
    expect(level(postcode, person({ postcode: 'SW18 2AB' }), person({ postcode: 'M1 1AA' }))).toBe('different');
    const moved = person({ addresses: [{ postcode: 'M1 1AA' }, { postcode: 'SW18 2AB' }] });
    expect(level(postcode, moved, person({ postcode: 'SW18 2AB' }))).toMatch(/unit/);
  });
  it('address line by word agreement; house numbers must agree exactly', () => {
    expect(level(addressLine, person({ line1: 'Flat 3, 12 Acre Road' }), person({ line1: 'flat 3 12 acre road' }))).toBe('same first line');
    expect(level(addressLine, person({ line1: 'Flat 3, 12 Acre Road' }), person({ line1: 'Flat 3 12 Acre Raod' }))).toMatch(/most words/);
    expect(level(addressLine, person({ line1: '12 Acre Road' }), person({ line1: '14 Acre Lane' }))).toMatch(/different|half/);
    expect(level(addressLine, person({ line1: '12 Acre Road' }), person({ line1: '99 Station Street' }))).toBe('different');
  });
  it('town, phone and email', () => {
    expect(level(town, person({ addresses: [{ town: 'London' }] }), person({ addresses: [{ town: 'Lonon' }] }))).toMatch(/Jaro/);
    expect(level(phone, person({ phones: ['07700 900123'] }), person({ phones: ['+447700900123'] }))).toBe('same number');
    expect(level(phone, person({ phones: ['07700 900123'] }), person({ phones: ['01632 900123'] }))).toBe('last six digits agree');
    expect(level(phone, person({ phones: ['07700 900124'] }), person({ phones: ['01632 900123'] }))).toBe('different');
    expect(level(phone, person({ phones: ['07700 800123'] }), person({ phones: ['01632 900123'] }))).toBe('different');
    expect(level(phone, person({ phones: ['900123'] }), person({ phones: ['01632 900123'] }))).toBe('last six digits agree');
    // The best over every pair of numbers.
    expect(level(phone, person({ phones: ['07700 111111', '07700 900123'] }), person({ phones: ['01632 900123'] }))).toBe('last six digits agree');
    expect(level(email, person({ emails: ['a.b@x.org'] }), person({ emails: ['a.b@y.org'] }))).toMatch(/user name/);
    expect(level(email, person({ emails: ['a.b@x.org'] }), person({ emails: [] }))).toBeNull();
  });
});
