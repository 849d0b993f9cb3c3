import { describe, expect, it } from '@jest/globals';
import { IsOptional, IsString } from 'class-validator';
import { ChatIdentityError } from './chat-identity.error.js';
import { createValidationPipe } from './validation.js';

class OptionalOnly {
  @IsOptional()
  @IsString()
  note?: string;
}

class NeedsName {
  @IsString()
  name!: string;
}

const body = <T>(metatype: new () => T) => ({ type: 'body' as const, metatype });

describe('createValidationPipe', () => {
  it('answers an empty body with an instance of the body class, the first time and every time after', async () => {
    const pipe = createValidationPipe();
    for (const value of [{}, {}, undefined, {}]) {
      const result = await pipe.transform(value, body(OptionalOnly));
      expect(result).toBeInstanceOf(OptionalOnly);
      expect({ ...(result as object) }).toEqual({});
    }
  });

  it('keeps refusing an empty body that a class does not accept, and a non-empty invalid one after an empty one passed', async () => {
    const pipe = createValidationPipe();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(pipe.transform({}, body(NeedsName))).rejects.toBeInstanceOf(ChatIdentityError);
    }
    await pipe.transform({}, body(OptionalOnly));
    await expect(pipe.transform({ note: 42 }, body(OptionalOnly))).rejects.toBeInstanceOf(ChatIdentityError);
    await expect(pipe.transform({ unknown: true }, body(OptionalOnly))).rejects.toBeInstanceOf(ChatIdentityError);
  });

  it('leaves a body of a primitive type as it came', async () => {
    const pipe = createValidationPipe();
    const value = {};
    expect(await pipe.transform(value, body(Object))).toBe(value);
    expect(await pipe.transform(value, body(Object))).toBe(value);
  });
});
