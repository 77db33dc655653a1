import {
  blankUser,
  describeWriteRulesContract,
} from '@userbridge/vendor-core/testing/write-rules.contract';
import { toConvirzaBody, toConvirzaUpdate } from './convirza-write.mapper';
import { CONVIRZA_WRITE_RULES } from './convirza.write-rules';

describe('convirza write rules (as published in the API description)', () => {
  const current = { raw: {}, user: blankUser('convirza', '12345') };
  describeWriteRulesContract(CONVIRZA_WRITE_RULES, (input, operation) =>
    operation === 'create' ? toConvirzaBody(input) : toConvirzaUpdate(input, operation, current),
  );
});
