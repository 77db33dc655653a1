import { IsString, Matches, MaxLength } from 'class-validator';

export class IdentityHistoryQueryDto {
  /** An identity id (`idn_…`) or the global id of one of its accounts (`credira:user_s05`). */
  @IsString()
  @MaxLength(300)
  @Matches(/^(idn_[0-9a-f]{16}|[a-z][a-z0-9-]{0,31}:.+)$/, {
    message: 'identity must be an identity id (idn_…) or a user global id such as credira:user_s05',
  })
  identity!: string;
}
