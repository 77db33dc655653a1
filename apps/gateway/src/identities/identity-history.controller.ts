import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { IdentityHistoryQueryDto } from './dto/identity-history.query.dto';
import { IdentityHistoryResponse } from './dto/stored-identity.response';
import { IdentitiesReader } from './identities.reader';
import { IdentityHistoryDocs } from './identity-history.docs';

@ApiTags('identities')
@Controller('v1/identities/history')
export class IdentityHistoryController {
  constructor(private readonly identities: IdentitiesReader) {}

  @Get()
  @IdentityHistoryDocs.history()
  async history(
    @Query() query: IdentityHistoryQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<IdentityHistoryResponse> {
    return { data: await this.identities.history(query.identity, visibility) };
  }
}
