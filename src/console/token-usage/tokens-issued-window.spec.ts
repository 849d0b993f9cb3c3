import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ChatIdentityMetrics } from '../../metrics/chat-identity-metrics.js';
import { TokensIssuedWindow } from './tokens-issued-window.js';

const MINUTE = 60_000;

describe('TokensIssuedWindow', () => {
  let metrics: ChatIdentityMetrics;
  let window: TokensIssuedWindow;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    metrics = new ChatIdentityMetrics();
    window = new TokensIssuedWindow(metrics);
  });

  afterEach(() => {
    window.onModuleDestroy();
    jest.useRealTimers();
  });

  it('counts every token since the start during the first hour', async () => {
    metrics.tokenIssued('support', 'glassix');
    metrics.tokenIssued('support', 'glassix');
    metrics.tokenIssued('sales', 'intercom');
    await jest.advanceTimersByTimeAsync(30 * MINUTE);
    expect(await window.lastHour()).toEqual(expect.arrayContaining([{ integration: 'support', tokensIssued: 2 }, { integration: 'sales', tokensIssued: 1 }]));
  });

  it('leaves out what was issued over an hour ago, to the minute', async () => {
    metrics.tokenIssued('support', 'glassix');
    metrics.tokenIssued('support', 'glassix');
    metrics.tokenIssued('support', 'glassix');
    await jest.advanceTimersByTimeAsync(61 * MINUTE);
    metrics.tokenIssued('support', 'glassix');
    expect(await window.lastHour()).toEqual([{ integration: 'support', tokensIssued: 1 }]);
    await jest.advanceTimersByTimeAsync(3 * 60 * MINUTE);
    expect(await window.lastHour()).toEqual([{ integration: 'support', tokensIssued: 0 }]);
  });
});
