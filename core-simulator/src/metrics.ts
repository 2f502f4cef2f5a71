// What the simulated core served and which of its fault knobs (/admin/faults) it applied, as
// Prometheus series on its operations port: what the bank's core team would graph on their side
// while Corebridge's own core_* series show the same calls from the callers' side.
import { Counter, type Registry } from 'prom-client';

/** success / failure: the business Status answered; fault: a SOAP Fault; refused: the connection dropped (down) */
export type ServedOutcome = 'success' | 'failure' | 'fault' | 'refused';

/** down: connection dropped; session_limit: SESSION_LIMIT fault (maxSessions); system_error: errorRate; latency: latencyMs / jitterMs delay */
export type InjectedFault = 'down' | 'session_limit' | 'system_error' | 'latency';

export class SimulatorMetrics {
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly faults: Counter<'operation' | 'fault'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'core_simulator_requests_total',
      help: 'SOAP calls the simulated core received, by operation and outcome (success, failure, fault, refused)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.faults = new Counter({
      name: 'core_simulator_faults_injected_total',
      help: 'Calls a fault knob (/admin/faults) acted on, by operation and fault (down, session_limit, system_error, latency)',
      labelNames: ['operation', 'fault'],
      registers,
    });
  }

  /** `operation` is a contract operation or "unknown": the label stays bounded */
  served(operation: string, outcome: ServedOutcome): void {
    this.requests.inc({ operation, outcome });
  }

  injected(operation: string, fault: InjectedFault): void {
    this.faults.inc({ operation, fault });
  }
}
