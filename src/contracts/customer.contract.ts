import { Type } from '@sinclair/typebox';
import { Id, PageQuery, Reason, Strict, Text } from './common.js';

/** A customer account of an org (seed 002): partner and customer users work with their own. */
export const Customer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  number: Type.Union([Type.String(), Type.Null()], { description: 'The account number people know it by; unique in the org.' }),
});

const AccountNumber = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' });

export const CreateCustomer = Type.Object({ name: Text(120), number: Type.Optional(AccountNumber), reason: Type.Optional(Reason) }, Strict);

export const PatchCustomer = Type.Object(
  { name: Type.Optional(Text(120)), number: Type.Optional(Type.Union([AccountNumber, Type.Null()])), reason: Type.Optional(Reason) },
  Strict,
);

export const CustomerParams = Type.Object({ orgId: Id, customerId: Id }, Strict);

export const CustomerListQuery = Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, Strict);
