import { describeWriteRulesContract } from '@userbridge/vendor-core/testing/write-rules.contract';
import { toCrediraBody } from './credira-write.mapper';
import { CREDIRA_WRITE_RULES } from './credira.write-rules';

describe('credira write rules (as published in the API description)', () => {
  describeWriteRulesContract(CREDIRA_WRITE_RULES, (input, operation) =>
    toCrediraBody(input, operation),
  );
});
