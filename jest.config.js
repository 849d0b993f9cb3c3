// Unit specs live beside the code (src/**/*.spec.ts), e2e specs in test/. Both run against a real
// PostgreSQL prepared once per run by test/setup/global-setup.mjs (a fresh database, real migrations).
import { readFileSync } from 'node:fs';

// The build's swc settings, minus its exclusion of specs.
const swc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
delete swc.exclude;

export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  // `chat-identity` is this package by name (test/host imports it like a host app would).
  moduleNameMapper: { '^chat-identity$': '<rootDir>/src/index.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
  maxWorkers: 2,
  // A worker keeps what every file it ran left on its heap (its RSS reached 2.0-2.6 GB in a run); once
  // its heap is past 1 GB after a file it is replaced. At that size its major GC pauses (300-500 ms) and
  // the cost of forking it fell inside the timings of the files it ran later.
  workerIdleMemoryLimit: '1GB',
  testTimeout: 30000,
};
