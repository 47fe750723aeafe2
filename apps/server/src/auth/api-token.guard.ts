// Bearer-token authentication and role check for every HTTP route. A missing,
// unknown, revoked or expired token counts against its source address; once
// that source has used up its failures it is answered 429 with Retry-After
// before any database query (see credential-throttle.ts).
import { Inject, Injectable, UnauthorizedException, ForbiddenException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiTokensRepository, tokenFingerprint, type Authentication } from '../api-tokens/api-tokens.repository';
import { CredentialThrottle } from './credential-throttle';
import { PUBLIC_KEY, ROLE_KEY } from './require-role.decorator';
import { roleAllows, type Principal, type Role } from './roles';
import { sourceKeyOf } from './source-address';

export type AuthedRequest = Request & { principal?: Principal };

const NO_TOKEN = 'a valid API token is required (Authorization: Bearer ...)';

@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiTokensRepository) private readonly tokens: ApiTokensRepository,
    @Inject(CredentialThrottle) private readonly throttle: CredentialThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    // The socket's own address: a forwarded-for header is the client's to write.
    const source = sourceKeyOf(request.socket.remoteAddress);
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match) {
      this.throttle.failed(this.throttle.admit(source));
      throw new UnauthorizedException(NO_TOKEN);
    }
    const fingerprint = tokenFingerprint(match[1]);
    const admission = this.throttle.admit(source, fingerprint);
    let result: Authentication;
    try {
      result = await this.throttle.check(() => this.tokens.authenticate(match[1]));
    } catch (error) {
      this.throttle.release(admission);
      throw error;
    }
    if (!result.ok) {
      this.throttle.failed(admission, fingerprint);
      throw new UnauthorizedException(result.reason === 'expired' ? 'this API token has expired' : NO_TOKEN);
    }
    this.throttle.succeeded(admission, fingerprint);
    const { principal } = result;
    // A route that forgot to declare its role is a bug; refusing is the safe side.
    if (!needed || !roleAllows(principal.role, needed)) {
      throw new ForbiddenException(`role '${principal.role}' may not do this${needed ? ` (needs '${needed}')` : ''}`);
    }
    request.principal = principal;
    return true;
  }
}
