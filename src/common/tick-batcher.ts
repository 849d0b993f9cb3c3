interface Caller<O> {
  resolve(output: O | undefined): void;
  reject(error: unknown): void;
}

interface Entry<I, O> {
  input: I;
  callers: Array<Caller<O>>;
}

/**
 * Collects the loads asked for during one turn of the event loop and runs them as one batch (the
 * DataLoader pattern): a storm of concurrent first requests costs one round trip per turn, not one per
 * request. Inputs with the same key share one load. A batch that fails is retried one input at a time,
 * so an input the batch cannot take fails only its own callers.
 */
export class TickBatcher<K, I, O> {
  private pending = new Map<K, Entry<I, O>>();

  /**
   * @param loadBatch answers for some or all of the inputs, by key; a key it leaves out resolves to `undefined`.
   * @param keyOf the key of an input; the first input of a key in a turn is the one loaded.
   */
  constructor(
    private readonly loadBatch: (inputs: I[]) => Promise<Map<K, O>>,
    private readonly keyOf: (input: I) => K,
  ) {}

  load(input: I): Promise<O | undefined> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      const key = this.keyOf(input);
      const entry = this.pending.get(key) ?? { input, callers: [] };
      entry.callers.push({ resolve, reject });
      this.pending.set(key, entry);
    });
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const outputs = await this.loadBatch(batch.map((entry) => entry.input));
      for (const entry of batch) this.answer(entry, outputs);
    } catch (error) {
      if (batch.length === 1) {
        this.fail(batch[0], error);
        return;
      }
      await Promise.all(
        batch.map((entry) =>
          this.loadBatch([entry.input]).then(
            (outputs) => this.answer(entry, outputs),
            (aloneError: unknown) => this.fail(entry, aloneError),
          ),
        ),
      );
    }
  }

  private answer(entry: Entry<I, O>, outputs: Map<K, O>): void {
    const output = outputs.get(this.keyOf(entry.input));
    for (const caller of entry.callers) caller.resolve(output);
  }

  private fail(entry: Entry<I, O>, error: unknown): void {
    for (const caller of entry.callers) caller.reject(error);
  }
}
