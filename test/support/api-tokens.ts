// API tokens for tests, created straight in the database the way
// `hitless-server api-token` does for the first admin.
import { ApiTokensRepository } from '../../apps/server/src/api-tokens/api-tokens.repository';
import type { Sql } from '../../apps/server/src/database/sql-client';

export interface TestTokens {
  admin: string;
  operator: string;
  viewer: string;
}

export async function createTestTokens(sql: Sql): Promise<TestTokens> {
  const repository = new ApiTokensRepository(sql);
  const make = async (role: 'admin' | 'operator' | 'viewer') => (await repository.create(sql, `test-${role}`, role, 'test')).token;
  return { admin: await make('admin'), operator: await make('operator'), viewer: await make('viewer') };
}
