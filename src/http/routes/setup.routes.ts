import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { Email, errorResponses, Strict, Text } from '../../contracts/common.js';
import { Password } from '../../contracts/auth.contract.js';
import { createFirstAdmin } from '../../services/setup.js';
import type { Api } from '../api.js';

export function setupRoutes(app: Api, deps: Deps, state: { token: string | undefined }): void {
  app.post(
    '/setup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['setup'],
        summary: 'First start only: create the first platform admin with the printed one-time link',
        security: [],
        body: Type.Object({ token: Type.String({ maxLength: 200 }), email: Email, password: Password, firstName: Text(80), lastName: Text(80) }, Strict),
        response: { 201: Type.Object({ userId: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await createFirstAdmin(deps, state.token, req.body);
      state.token = undefined;
      return reply.code(201).send(result);
    },
  );
}
