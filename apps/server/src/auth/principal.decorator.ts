// The authenticated caller of a request, for audit entries.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from './api-token.guard';
import type { Principal } from './roles';

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route the auth guard did not authenticate');
  return principal;
});
