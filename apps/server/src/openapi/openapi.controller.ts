// GET /api/openapi.json
import { Controller, Get } from '@nestjs/common';
import type { Served } from '@hitless/api-contract';
import { Public } from '../auth/require-role.decorator';
import { buildOpenApiDocument } from './openapi-document';

@Controller('api')
@Public()
export class OpenApiController {
  private readonly document = buildOpenApiDocument();

  @Get('openapi.json')
  openapi(): Served<'openapi'> {
    return this.document;
  }
}
