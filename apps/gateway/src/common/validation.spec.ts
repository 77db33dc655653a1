import { IsIn, IsOptional, IsString } from 'class-validator';
import { InvalidRequestError } from '@userbridge/errors';
import { createValidationPipe } from './validation';

class OptionalQuery {
  @IsOptional()
  @IsIn(['vendorData'])
  include?: string;
}

class RequiredQuery {
  @IsString()
  name!: string;
}

const query = (metatype: new () => unknown) => ({ type: 'query' as const, metatype });

describe('the global validation pipe', () => {
  it('answers an empty query as the full pipe does, a fresh instance each time', async () => {
    const pipe = createValidationPipe();
    const first = await pipe.transform({}, query(OptionalQuery));
    const second = await pipe.transform({}, query(OptionalQuery));
    const third = await pipe.transform(Object.create(null), query(OptionalQuery));
    for (const answer of [first, second, third]) {
      expect(answer).toBeInstanceOf(OptionalQuery);
      expect({ ...(answer as object) }).toEqual({});
    }
    expect(second).not.toBe(first);
    expect(third).not.toBe(second);
  });

  it('keeps refusing an empty query a DTO refuses, every time', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++)
      await expect(pipe.transform({}, query(RequiredQuery))).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
  });

  it('still validates non-empty queries after an empty one', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, query(OptionalQuery));
    await expect(pipe.transform({ include: 'x' }, query(OptionalQuery))).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(pipe.transform({ other: '1' }, query(OptionalQuery))).rejects.toThrow(
      'Unknown field: other',
    );
    expect(await pipe.transform({ include: 'vendorData' }, query(OptionalQuery))).toEqual(
      Object.assign(new OptionalQuery(), { include: 'vendorData' }),
    );
  });
});
