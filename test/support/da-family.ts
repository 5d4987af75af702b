// A small, invented family in one police force's records: three domestic
// abuse incidents in five months about one victim, and nothing from MARAC.
// Five days after the third, `da-repeat-incidents-marac` holds.

export const policeSource = { type: 'source', id: 'police-x', agency: 'police', name: 'Test Constabulary', localAuthority: 'Testshire' };
export const victim = { type: 'person', source: 'police-x', id: 'V1', name: { given: 'Ayla', family: 'Testperson' }, birthDate: '1994-02-03', sex: 'female' };
export const suspect = { type: 'person', source: 'police-x', id: 'S1', name: { given: 'Kit', family: 'Sampleton' }, birthDate: '1990-07-08', sex: 'male' };

export const incident = (n: number, at: string) => ({
  type: 'event',
  source: 'police-x',
  id: `INC-${n}`,
  kind: 'police_incident',
  at,
  subjects: [
    { person: 'V1', role: 'victim' },
    { person: 'S1', role: 'suspect' },
  ],
  data: { category: 'domestic_abuse', childrenPresent: false, childrenSeen: false, sharedWith: [] },
});

export const threeIncidents = [incident(1, '2025-01-10T21:00:00Z'), incident(2, '2025-03-02T22:00:00Z'), incident(3, '2025-05-20T23:30:00Z')];
/** When the 5-day deadline after the third incident passed (end of its fifth day, UTC). */
export const deadlinePassed = '2025-05-25T23:59:59.999Z';
