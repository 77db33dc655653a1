import {
  blankUser,
  describeWriteRulesContract,
} from '@userbridge/vendor-core/testing/write-rules.contract';
import { toCrediraBody, toCrediraUpdate } from './credira-write.mapper';
import { CREDIRA_WRITE_RULES } from './credira.write-rules';

describe('credira write rules (as published in the API description)', () => {
  const current = blankUser('credira', 'user_123456789');
  describeWriteRulesContract(CREDIRA_WRITE_RULES, (input, operation) =>
    operation === 'create'
      ? toCrediraBody(input, 'create')
      : toCrediraUpdate(input, operation, current),
  );
});
