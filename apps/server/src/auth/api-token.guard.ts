// Bearer-token authentication and role check for every HTTP route.
import { Inject, Injectable, UnauthorizedException, ForbiddenException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository';
import { PUBLIC_KEY, ROLE_KEY } from './require-role.decorator';
import { roleAllows, type Principal, type Role } from './roles';

export type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiTokensRepository) private readonly tokens: ApiTokensRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const principal = match ? await this.tokens.authenticate(match[1]) : undefined;
    if (!principal) throw new UnauthorizedException('a valid API token is required (Authorization: Bearer ...)');
    // A route that forgot to declare its role is a bug; refusing is the safe side.
    if (!needed || !roleAllows(principal.role, needed)) {
      throw new ForbiddenException(`role '${principal.role}' may not do this${needed ? ` (needs '${needed}')` : ''}`);
    }
    request.principal = principal;
    return true;
  }
}
