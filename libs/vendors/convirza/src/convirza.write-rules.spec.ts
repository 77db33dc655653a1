import { describeWriteRulesContract } from '@userbridge/vendor-core/testing/write-rules.contract';
import { toConvirzaBody } from './convirza-write.mapper';
import { CONVIRZA_WRITE_RULES } from './convirza.write-rules';

describe('convirza write rules (as published in the API description)', () => {
  describeWriteRulesContract(CONVIRZA_WRITE_RULES, (input, operation) =>
    toConvirzaBody(input, operation),
  );
});
