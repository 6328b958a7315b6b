/** The SCIM discovery documents (RFC 7644 §4): what this service supports, for client set-up. */
import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from './resources.js';

const attr = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

const USER = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'A member of the business',
  attributes: [
    attr('userName', { required: true, uniqueness: 'server', description: 'The email address; one account per email.' }),
    attr('externalId', { caseExact: true }),
    attr('name', { type: 'complex', subAttributes: [attr('givenName'), attr('familyName'), attr('formatted', { mutability: 'readOnly' })] }),
    attr('displayName', { mutability: 'readOnly' }),
    attr('emails', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [attr('value'), attr('type'), attr('primary', { type: 'boolean' })] }),
    attr('active', { type: 'boolean', description: 'false suspends the member; their sessions here end.' }),
    attr('groups', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [attr('value'), attr('display')] }),
  ],
  meta: { resourceType: 'Schema', location: '' },
};

const GROUP = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'A group of the identity provider; the business maps its name to a role',
  attributes: [
    attr('displayName', { required: true, uniqueness: 'server' }),
    attr('externalId', { caseExact: true }),
    attr('members', { type: 'complex', multiValued: true, subAttributes: [attr('value', { mutability: 'immutable' }), attr('display', { mutability: 'readOnly' })] }),
  ],
  meta: { resourceType: 'Schema', location: '' },
};

/** The documents, with locations under `base` (…/scim/v2). */
export function scimDiscovery(base: string) {
  const schemas = [USER, GROUP].map((s) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], ...s, meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` } }));
  const types = [
    { id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA, description: 'Members of the business' },
    { id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, description: 'Groups mapped to roles' },
  ].map((t) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], ...t, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${t.id}` } }));
  const list = <T>(items: T[]) => ({ schemas: [LIST_SCHEMA], totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items });
  return {
    serviceProviderConfig: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        { type: 'oauthbearertoken', name: 'Provisioning token', description: 'A token an admin of the business creates on its Provisioning page.', primary: true },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    },
    resourceTypes: list(types),
    resourceType: (id: string) => types.find((t) => t.id === id),
    schemas: list(schemas),
    schema: (id: string) => schemas.find((s) => s.id === id),
  };
}
