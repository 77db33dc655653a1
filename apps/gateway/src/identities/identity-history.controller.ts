import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { IdentityHistoryQueryDto } from './dto/identity-history.query.dto';
import { IdentityHistoryResponse } from './dto/stored-identity.response';
import { StoredIdentitiesService } from './stored-identities.service';
import { IdentityHistoryDocs } from './identity-history.docs';

@ApiTags('identities')
@Controller('v1/identities/history')
export class IdentityHistoryController {
  constructor(private readonly stored: StoredIdentitiesService) {}

  @Get()
  @IdentityHistoryDocs.history()
  async history(
    @Query() query: IdentityHistoryQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<IdentityHistoryResponse> {
    // A conflict that involves an account the key may not see is not shown to it.
    const entries = await this.stored.history(query.identity);
    return {
      data: entries.filter((entry) => entry.members.every((id) => visibility.canSeeId(id))),
    };
  }
}
