import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { ChatIdentityError } from './chat-identity.error.js';
import { strictInstance } from './validated-input.decorator.js';
import { IsE164, IsLowerCaseUuid, strictValidationProblems } from './validation.js';

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

describe('strictInstance (ValidatedBody / ValidatedQuery)', () => {
  it('answers a valid body with an instance of the body class', () => {
    const result = strictInstance(NeedsName, { name: 'Ada' }, 'body');
    expect(result).toBeInstanceOf(NeedsName);
    expect(result).toEqual({ name: 'Ada' });
  });

  it('refuses missing, mistyped and unknown fields with a ChatIdentityError naming each field', () => {
    for (const [value, field] of [[undefined, 'name'], [{}, 'name'], [{ name: 42 }, 'name'], [{ name: 'Ada', role: 'admin' }, 'role'], [[], 'body']] as const) {
      const error = (() => {
        try {
          return strictInstance(NeedsName, value, 'body');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ChatIdentityError);
      expect((error as ChatIdentityError).details.errors?.map((problem) => problem.field)).toContain(field);
    }
  });
});

class Contact {
  @IsE164()
  phone!: string;

  @IsLowerCaseUuid()
  id!: string;
}

describe('composite validators', () => {
  it('IsE164 and IsLowerCaseUuid accept the formats and name the field otherwise', () => {
    const valid = Object.assign(new Contact(), { phone: '+14155550123', id: '3f2b6c1e-8a4d-4c2f-9e7a-1b2c3d4e5f60' });
    expect(strictValidationProblems(valid)).toEqual([]);
    const invalid = Object.assign(new Contact(), { phone: '0155 555', id: '3F2B6C1E-8A4D-4C2F-9E7A-1B2C3D4E5F60' });
    expect(strictValidationProblems(invalid)).toEqual([
      { field: 'phone', message: 'phone must be an E.164 number such as +14155550123' },
      { field: 'id', message: 'id must be a lower-case UUID' },
    ]);
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
