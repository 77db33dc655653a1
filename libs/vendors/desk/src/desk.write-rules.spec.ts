import {
  blankUser,
  describeWriteRulesContract,
} from '@userbridge/vendor-core/testing/write-rules.contract';
import { DeskWriteMode, toDeskBody } from './desk-write.mapper';
import { DESK_WRITE_RULES } from './desk.write-rules';

describe('desk write rules (as published in the API description)', () => {
  const roleId = () => '2';
  describeWriteRulesContract(DESK_WRITE_RULES, (input, operation) =>
    toDeskBody(input, operation as DeskWriteMode, {
      roleId,
      current: operation === 'create' ? undefined : blankUser('desk', '42'),
    }),
  );
});
