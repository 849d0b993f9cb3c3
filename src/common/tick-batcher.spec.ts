import { describe, expect, it, jest } from '@jest/globals';
import { TickBatcher } from './tick-batcher.js';

interface Row {
  key: string;
  value: number;
}

const doubling = () =>
  jest.fn(async (inputs: Row[]) => new Map(inputs.filter((input) => input.value >= 0).map((input) => [input.key, input.value * 2])));

describe('TickBatcher', () => {
  it('loads what is asked for in one turn of the event loop in one batch, and answers every caller', async () => {
    const loadBatch = doubling();
    const batcher = new TickBatcher(loadBatch, (row: Row) => row.key);
    const answers = await Promise.all(['a', 'b', 'c'].map((key, index) => batcher.load({ key, value: index + 1 })));
    expect(answers).toEqual([2, 4, 6]);
    expect(loadBatch).toHaveBeenCalledTimes(1);
    expect(loadBatch.mock.calls[0][0].map((row) => row.key)).toEqual(['a', 'b', 'c']);
  });

  it('loads a key once per batch, with the first input given for it, and answers each of its callers', async () => {
    const loadBatch = doubling();
    const batcher = new TickBatcher(loadBatch, (row: Row) => row.key);
    const answers = await Promise.all([batcher.load({ key: 'a', value: 1 }), batcher.load({ key: 'a', value: 50 })]);
    expect(answers).toEqual([2, 2]);
    expect(loadBatch.mock.calls[0][0]).toEqual([{ key: 'a', value: 1 }]);
  });

  it('starts a new batch in a later turn', async () => {
    const loadBatch = doubling();
    const batcher = new TickBatcher(loadBatch, (row: Row) => row.key);
    expect(await batcher.load({ key: 'a', value: 1 })).toBe(2);
    expect(await batcher.load({ key: 'b', value: 2 })).toBe(4);
    expect(loadBatch).toHaveBeenCalledTimes(2);
  });

  it('answers undefined for a key the batch left out', async () => {
    const batcher = new TickBatcher(doubling(), (row: Row) => row.key);
    expect(await Promise.all([batcher.load({ key: 'a', value: -1 }), batcher.load({ key: 'b', value: 1 })])).toEqual([undefined, 2]);
  });

  it('retries a failed batch one input at a time, so only the input that fails alone fails its callers', async () => {
    const loadBatch = jest.fn(async (inputs: Row[]) => {
      if (inputs.some((input) => input.key === 'bad')) throw new Error('value too long');
      return new Map(inputs.map((input) => [input.key, input.value]));
    });
    const batcher = new TickBatcher(loadBatch, (row: Row) => row.key);
    const results = await Promise.allSettled([
      batcher.load({ key: 'a', value: 1 }),
      batcher.load({ key: 'bad', value: 2 }),
      batcher.load({ key: 'bad', value: 3 }),
      batcher.load({ key: 'c', value: 4 }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(results.filter((result) => result.status === 'fulfilled').map((result) => result.value)).toEqual([1, 4]);
    expect(loadBatch).toHaveBeenCalledTimes(4);
  });

  it('rejects every caller of a one-input batch that fails, without retrying it', async () => {
    const loadBatch = jest.fn(async (): Promise<Map<string, number>> => {
      throw new Error('database down');
    });
    const batcher = new TickBatcher(loadBatch, (row: Row) => row.key);
    await expect(Promise.all([batcher.load({ key: 'a', value: 1 }), batcher.load({ key: 'a', value: 1 })])).rejects.toThrow('database down');
    expect(loadBatch).toHaveBeenCalledTimes(1);
  });
});
