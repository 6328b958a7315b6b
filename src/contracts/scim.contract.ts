import { Type } from '@sinclair/typebox';
import { Id, Strict, Text } from './common.js';

export const ScimToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const ScimTokenList = Type.Object({ items: Type.Array(ScimToken) });
export const CreateScimToken = Type.Object({ name: Text(100) }, Strict);
export const ScimTokenCreated = Type.Object({
  token: Type.String({ description: 'Shown once: give it to the identity provider as its SCIM bearer token.' }),
  item: ScimToken,
});
export const ScimTokenParams = Type.Object({ orgId: Id, tokenId: Id }, Strict);

export const GroupMapping = Type.Object({
  displayName: Type.String(),
  role: Type.String(),
  storeIds: Type.Array(Type.String()),
  provisioned: Type.Boolean({ description: 'The identity provider has pushed a group of this name.' }),
  memberCount: Type.Integer(),
});
export const GroupMappings = Type.Object({
  items: Type.Array(GroupMapping),
  unmappedGroups: Type.Array(Type.String(), { description: 'Groups the identity provider pushed that give no role yet.' }),
  defaultRole: Type.Union([Type.Object({ role: Type.String(), storeIds: Type.Array(Type.String()) }), Type.Null()], {
    description: 'What a provisioned person holds while no mapped group gives them a role.',
  }),
});
export const SetGroupMapping = Type.Object({ role: Type.String({ minLength: 1, maxLength: 64 }), storeIds: Type.Optional(Type.Array(Id, { maxItems: 500 })) }, Strict);
export const GroupMappingParams = Type.Object({ orgId: Id, displayName: Text(200) }, Strict);

export const ScimEvents = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), action: Type.String(), tokenId: Type.Union([Type.String(), Type.Null()]), summary: Type.String() })),
});
