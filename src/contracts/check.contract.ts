import { Type } from '@sinclair/typebox';
import { Id, Strict } from './common.js';

/** "May user U do P (in store S, for customer account C)?" */
export const CheckRequest = Type.Object(
  {
    userId: Id,
    permission: Type.String({ minLength: 3, maxLength: 80 }),
    storeId: Type.Optional(Id),
    customerId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_-]+$',
        description: 'A customer account (seed 002): partner and customer users are answered only for their own accounts; staff for any account of the org.',
      }),
    ),
  },
  Strict,
);

export const CheckResponse = Type.Object({ allowed: Type.Boolean(), reasons: Type.Array(Type.String()) });
