// GET /api/v1/whoami: who the token belongs to and its role, so a client (the
// dashboard's sign-in) can check a token and offer only what the role may do.
import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal } from './principal.decorator';
import { RequireRole } from './require-role.decorator';
import type { Principal, Role } from './roles';

@Controller('whoami')
export class WhoamiController {
  @Get()
  @RequireRole('viewer')
  get(@CurrentPrincipal() principal: Principal): { name: string; role: Role } {
    return { name: principal.name, role: principal.role };
  }
}
