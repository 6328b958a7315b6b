import { describe, expect, it } from 'vitest';
import { parseScimFilter, readGroupPatch, readUserPatch, readUserResource, scimBoolean } from './scim.js';

describe('SCIM filters', () => {
  it.each([
    ['userName eq "a@b.test"', { attribute: 'userName', value: 'a@b.test' }],
    ['emails.value eq "a@b.test"', { attribute: 'email', value: 'a@b.test' }],
    ['emails[type eq "work"].value eq "a@b.test"', { attribute: 'email', value: 'a@b.test' }],
    ['externalId eq "00u1"', { attribute: 'externalId', value: '00u1' }],
    ['displayName eq "Old \\"Town\\""', { attribute: 'displayName', value: 'Old "Town"' }],
    ['USERNAME EQ "x@y.test"', { attribute: 'userName', value: 'x@y.test' }],
  ])('%s', (filter, value) => {
    expect(parseScimFilter(filter)).toEqual({ ok: true, value });
  });
  it.each(['userName co "a"', 'name.familyName eq "x"', 'userName eq a', 'userName eq "a" and active eq true'])('refuses %s', (filter) => {
    expect(parseScimFilter(filter)).toMatchObject({ ok: false, scimType: 'invalidFilter' });
  });
  it('no filter is every resource', () => expect(parseScimFilter(undefined)).toEqual({ ok: true, value: null }));
});

describe('SCIM user patches', () => {
  it.each([
    ['Okta', { Operations: [{ op: 'replace', value: { active: false } }] }, { active: false }],
    ['Entra', { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }, { active: false }],
    ['Entra true', { Operations: [{ op: 'Replace', path: 'active', value: 'True' }] }, { active: true }],
    ['name path', { Operations: [{ op: 'Replace', path: 'name.givenName', value: 'Jo' }] }, { givenName: 'Jo' }],
    ['name object', { Operations: [{ op: 'replace', value: { name: { familyName: 'Lane' } } }] }, { familyName: 'Lane' }],
    ['unknown attributes are ignored', { Operations: [{ op: 'Add', path: 'title', value: 'Boss' }] }, {}],
    ['externalId removed', { Operations: [{ op: 'remove', path: 'externalId' }] }, { externalId: null }],
  ])('%s', (_name, body, change) => {
    expect(readUserPatch(body)).toEqual({ ok: true, value: change });
  });
  it.each([
    [{ Operations: [] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'move', path: 'active', value: true }] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'replace', path: 'active', value: 'maybe' }] }, 'invalidValue'],
    [{ Operations: [{ op: 'replace', value: 'active' }] }, 'invalidValue'],
  ])('refuses %j', (body, scimType) => {
    expect(readUserPatch(body)).toMatchObject({ ok: false, scimType });
  });
  it('reads a resource, userName from the primary email when absent', () => {
    expect(readUserResource({ emails: [{ value: 'x@y.test', primary: 'true' }], active: 'False' })).toEqual({ ok: true, value: { userName: 'x@y.test', active: false } });
    expect(readUserResource({})).toMatchObject({ ok: false, scimType: 'invalidValue' });
  });
  it('booleans', () => {
    expect([true, false, 'TRUE', 'false', 'yes', 1].map(scimBoolean)).toEqual([true, false, true, false, undefined, undefined]);
  });
});

describe('SCIM group patches', () => {
  it.each([
    ['Okta add', { Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }] }, { add: ['u1'], remove: [] }],
    ['Okta remove by filter', { Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }] }, { add: [], remove: ['u1'] }],
    ['Entra remove', { Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }] }, { add: [], remove: ['u1'] }],
    ['replace members', { Operations: [{ op: 'replace', path: 'members', value: [{ value: 'u2' }] }] }, { add: [], remove: [], members: ['u2'] }],
    ['rename', { Operations: [{ op: 'replace', value: { id: 'g', displayName: 'New' } }] }, { add: [], remove: [], displayName: 'New' }],
  ])('%s', (_name, body, change) => {
    expect(readGroupPatch(body)).toEqual({ ok: true, value: change });
  });
  it('refuses an attribute groups do not have', () => {
    expect(readGroupPatch({ Operations: [{ op: 'replace', path: 'owner', value: 'x' }] })).toMatchObject({ ok: false, scimType: 'invalidPath' });
  });
});
