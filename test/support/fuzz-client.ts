// The fuzz client of test/hostile-input.e2e-spec.ts, in a process of its own (test/support/child-script.ts):
// it is sent a FuzzPlan, sends that many hostile requests over `senders` connections at a time, and
// answers with a FuzzReport. A process apart, so the client's own work is never charged to the server.
import { type FuzzContext, hostileRequests, problemViolation, readinessDown } from './hostile-requests.js';
import { RawHttpClient } from './raw-http.js';

export interface FuzzPlan extends FuzzContext {
  port: number;
  requests: number;
  senders: number;
}

export interface FuzzReport {
  sent: number;
  /** Every answer's status, but for the readiness 503s counted in `readinessDown`. */
  byStatus: Record<number, number>;
  /** Readiness 503s by the dependency they name: the service's state under the fuzz, not a server error. */
  readinessDown: Record<string, number>;
  /** Answers that broke the rule (a 5xx, an error that is not problem+json), the first 20. */
  violations: string[];
}

async function fuzz(plan: FuzzPlan): Promise<FuzzReport> {
  const client = new RawHttpClient(plan.port);
  const generate = hostileRequests(plan);
  const report: FuzzReport = { sent: 0, byStatus: {}, readinessDown: {}, violations: [] };
  const sender = async (): Promise<void> => {
    for (let request = generate.next(); report.sent < plan.requests && !request.done; request = generate.next()) {
      report.sent += 1;
      const response = await client.send(request.value);
      const down = readinessDown(request.value, response);
      if (down !== undefined) {
        for (const name of down) report.readinessDown[name] = (report.readinessDown[name] ?? 0) + 1;
        continue;
      }
      report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
      const violation = problemViolation(request.value, response);
      if (violation !== undefined && report.violations.length < 20) report.violations.push(violation);
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.senders }, sender));
  } finally {
    client.close();
  }
  return report;
}

// `on`, not `once`: Node keeps the IPC channel (and so this process) alive only while a 'message' listener
// is there, and a moment with no socket open (between two connections) would otherwise end the process
// before it answers.
process.on('message', (plan: FuzzPlan) => {
  fuzz(plan).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => process.send?.({ sent: 0, byStatus: {}, readinessDown: {}, violations: [`the client failed: ${String(error)}`] }, () => process.exit(1)),
  );
});
