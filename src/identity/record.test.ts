import { describe, expect, it } from 'vitest';
import { formatBirthDate, fromFebrlRow, fromSefPerson, StringPool, normalisePhone, normalisePostcode, parseBirthDate, postcodeParts, validNhsNumber, validUpn } from './record.ts';

describe('identifiers', () => {
  it('accepts only NHS numbers with a valid modulus 11 check digit', () => {
    expect(validNhsNumber('943 476 5919')).toBe('9434765919');
    expect(validNhsNumber('9434765918')).toBeNull();
    expect(validNhsNumber('0000000000')).toBeNull();
    expect(validNhsNumber('12345')).toBeNull();
    expect(validNhsNumber(null)).toBeNull();
  });
  it('accepts only UPNs with a valid check letter', () => {
    // Check letter computed by the DfE rule: weights 2..13 over the 12 characters, sum mod 23.
    const body = '820200100001';
    const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i + 2);
    const upn = `${letters[sum % 23]}${body}`;
    expect(validUpn(upn.toLowerCase())).toBe(upn);
    const wrong = `${letters[(sum + 1) % 23]}${body}`;
    expect(validUpn(wrong)).toBeNull();
  });
  it('normalises postcodes and splits them', () => {
    expect(normalisePostcode('sw182ab')).toBe('SW18 2AB');
    expect(normalisePostcode(' 4011 ')).toBe('4011');
    expect(normalisePostcode('')).toBeNull();
    expect(postcodeParts('SW18 2AB')).toEqual({ unit: 'SW18 2AB', sector: 'SW18 2', district: 'SW18' });
    expect(postcodeParts('4011')).toEqual({ unit: '4011', sector: '401', district: '40' });
  });
  it('normalises phones', () => {
    expect(normalisePhone('+44 7700 900123')).toBe('07700900123');
    expect(normalisePhone('07700 900123')).toBe('07700900123');
    expect(normalisePhone('12')).toBeNull();
  });
});

describe('birth dates', () => {
  it('reads SEF and FEBRL forms and keeps what survives corruption', () => {
    expect(parseBirthDate('1997-03-14')).toEqual({ year: 1997, month: 3, day: 14 });
    expect(parseBirthDate('1997-03')).toEqual({ year: 1997, month: 3, day: null });
    expect(parseBirthDate('1997')).toEqual({ year: 1997, month: null, day: null });
    expect(parseBirthDate('19970314')).toEqual({ year: 1997, month: 3, day: 14 });
    // FEBRL corrupts dates: month 11, day 92 keeps year and month.
    expect(parseBirthDate('19551192')).toEqual({ year: 1955, month: 11, day: null });
    expect(parseBirthDate('19404502')).toEqual({ year: 1940, month: null, day: null });
    expect(parseBirthDate('garbage')).toBeNull();
    expect(parseBirthDate('')).toBeNull();
    expect(formatBirthDate({ year: 2001, month: 2, day: 3 })).toBe('2001-02-03');
    expect(formatBirthDate({ year: 2001, month: 2, day: null })).toBe('2001-02');
  });
});

describe('normalisers', () => {
  it('builds a LinkRecord from an SEF person, dropping invalid identifiers', () => {
    const r = fromSefPerson({
      source: 'police-met',
      id: 'NOM-55102',
      name: { given: 'Aisha', middle: 'Grace', family: 'Adeyemi' },
      aliases: [{ given: 'Aisha', family: 'Okafor' }],
      birthDate: '1997-03-14',
      sex: 'female',
      nhsNumber: '9434765919',
      upn: 'not-a-upn',
      addresses: [{ line1: 'Flat 3, 12 Acre Road', town: 'London', postcode: 'sw18 2ab' }],
      phones: ['07700 900123'],
    });
    expect(r).toMatchObject({
      key: { source: 'police-met', id: 'NOM-55102' },
      given: 'aisha',
      middle: 'grace',
      family: 'adeyemi',
      aliases: [{ given: 'aisha', family: 'okafor' }],
      birthDate: { year: 1997, month: 3, day: 14 },
      sex: 'female',
      nhsNumber: '9434765919',
      upn: null,
      addresses: [{ line: 'flat 3 12 acre road', town: 'london', postcode: 'SW18 2AB' }],
      phones: ['07700900123'],
    });
    expect(fromSefPerson({ source: 's', id: '1', sex: 'unknown', nhsNumber: '9434765918' })).toMatchObject({ sex: null, nhsNumber: null, given: null });
  });
  it('builds the same records through a string pool as without', () => {
    const pool = new StringPool();
    const person = (id: string) => ({
      source: 'hv-north',
      id,
      name: { given: 'Leah', middle: null, family: 'Marston-Hale' },
      aliases: [{ given: null, family: 'Hale' }],
      birthDate: '1994-05-02',
      addresses: [{ line1: '4 Orchard Row', town: 'Northtown', postcode: 'ne12ab' }],
    });
    for (const id of ['A', 'B']) expect(fromSefPerson(person(id), pool)).toEqual(fromSefPerson(person(id)));
    expect(pool.get(null)).toBeNull();
  });

  it('builds a LinkRecord from a FEBRL row', () => {
    const r = fromFebrlRow(
      { rec_id: 'rec-10-dup-0', given_name: 'hannagan', surname: 'mikhayla', street_number: '20', address_1: 'rupp lace', address_2: 'brentwoo dvlge', suburb: 'penshurst', postcode: '2283', state: 'vic', date_of_birth: '19770501', soc_sec_id: '1030769' },
      'febrl',
    );
    expect(r).toMatchObject({ key: { source: 'febrl', id: 'rec-10-dup-0' }, given: 'hannagan', family: 'mikhayla', otherId: '1030769', birthDate: { year: 1977, month: 5, day: 1 } });
    expect(r.addresses[0]).toEqual({ line: '20 rupp lace brentwoo dvlge', town: 'penshurst', postcode: '2283' });
    expect(fromFebrlRow({ rec_id: 'x', given_name: '', surname: ' ', date_of_birth: '' }, 'f')).toMatchObject({ given: null, family: null, birthDate: null, addresses: [] });
  });
});
