import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { ChatIdentityError } from './chat-identity.error.js';
import { createValidationPipe, strictValidationProblems } from './validation.js';

class NeedsName {
  @IsString()
  name!: string;
}

class Outer {
  @IsOptional()
  @ValidateNested()
  @Type(() => NeedsName)
  inner?: NeedsName;
}

const body = <T>(metatype: new () => T) => ({ type: 'body' as const, metatype });

describe('createValidationPipe', () => {
  it('answers a valid body with an instance of the body class', async () => {
    const result = await createValidationPipe().transform({ name: 'Ada' }, body(NeedsName));
    expect(result).toBeInstanceOf(NeedsName);
    expect(result).toEqual({ name: 'Ada' });
  });

  it('refuses missing, mistyped and unknown fields with a ChatIdentityError naming each field', async () => {
    const pipe = createValidationPipe();
    for (const [value, field] of [[{}, 'name'], [{ name: 42 }, 'name'], [{ name: 'Ada', role: 'admin' }, 'role']] as const) {
      const error = await pipe.transform(value, body(NeedsName)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChatIdentityError);
      expect((error as ChatIdentityError).details.errors?.map((problem) => problem.field)).toContain(field);
    }
  });
});

describe('strictValidationProblems', () => {
  it('names nested fields with dotted paths under the given prefix, unknown ones included', () => {
    const outer = Object.assign(new Outer(), { inner: Object.assign(new NeedsName(), { name: 7, extra: true }) });
    expect(strictValidationProblems(outer, 'body').map((problem) => problem.field).sort()).toEqual(['body.inner.extra', 'body.inner.name']);
  });

  it('finds nothing wrong with a valid instance', () => {
    expect(strictValidationProblems(Object.assign(new NeedsName(), { name: 'Ada' }))).toEqual([]);
  });
});
