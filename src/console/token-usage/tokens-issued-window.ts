import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ChatIdentityMetrics } from '../../metrics/chat-identity-metrics.js';

/** The counter the token endpoint already increments, per integration and vendor. */
const TOKENS_ISSUED = 'chat_identity_tokens_issued_total';
const WINDOW_MS = 60 * 60 * 1000;
const SAMPLE_EVERY_MS = 60 * 1000;

type Totals = Map<string, number>;

interface Sample {
  at: number;
  totals: Totals;
}

/**
 * Tokens issued in the last hour, per integration, read from the Prometheus counter: a sample of its
 * totals each minute, the last hour's count being now minus the newest sample at least an hour old (so
 * it is exact to the minute). The counter starts at zero with the process, which is the first sample.
 */
@Injectable()
export class TokensIssuedWindow implements OnModuleDestroy {
  private readonly samples: Sample[] = [{ at: Date.now(), totals: new Map() }];
  private readonly timer = setInterval(() => void this.sample(), SAMPLE_EVERY_MS).unref();

  constructor(@Inject(ChatIdentityMetrics) private readonly metrics: ChatIdentityMetrics) {}

  async lastHour(): Promise<Array<{ integration: string; tokensIssued: number }>> {
    const now = await this.totals();
    const cutoff = Date.now() - WINDOW_MS;
    const baseline = [...this.samples].reverse().find((sample) => sample.at <= cutoff) ?? this.samples[0];
    return [...now].map(([integration, total]) => ({ integration, tokensIssued: total - (baseline.totals.get(integration) ?? 0) }));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    this.samples.push({ at: Date.now(), totals: await this.totals() });
    // Keep one sample older than the window: it is the baseline.
    const cutoff = Date.now() - WINDOW_MS;
    while (this.samples.length > 1 && this.samples[1].at <= cutoff) this.samples.shift();
  }

  private async totals(): Promise<Totals> {
    const counter = this.metrics.registry.getSingleMetric(TOKENS_ISSUED);
    const totals: Totals = new Map();
    for (const { labels, value } of (await counter?.get())?.values ?? []) {
      const integration = String(labels.integration);
      totals.set(integration, (totals.get(integration) ?? 0) + value);
    }
    return totals;
  }
}
