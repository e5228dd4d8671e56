import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { tensorBackendDetails } from './health-probes.js';

/**
 * The server's Prometheus metrics (served as text at GET /metrics). One registry per server, not
 * prom-client's global one, so several servers in one process (tests) never share counters.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Wall time of one ask (lock wait excluded), seconds, by surrogate and decision phase. */
  readonly askSeconds = new Histogram({
    name: 'bo_ask_duration_seconds',
    help: 'Wall time of one ask, by surrogate and decision phase',
    labelNames: ['surrogate', 'phase'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  /** Asks answered by a fallback instead of what the study's algorithm asked for, by reason class. */
  readonly fallbacks = new Counter({
    name: 'bo_fallbacks_total',
    help: 'Asks answered by a fallback instead of the study algorithm, by surrogate and reason',
    labelNames: ['surrogate', 'reason'] as const,
    registers: [this.registry],
  });

  /** Suggestion jobs waiting for a compute worker. */
  readonly queueDepth = new Gauge({ name: 'bo_compute_queue_depth', help: 'Suggestion jobs waiting for a compute worker', registers: [this.registry] });

  /** Compute workers running a job now. */
  readonly busyWorkers = new Gauge({ name: 'bo_compute_busy_workers', help: 'Compute workers running a job', registers: [this.registry] });

  /** Compute workers replaced (terminated at a hard limit, or crashed), by reason. */
  readonly workerRestarts = new Counter({
    name: 'bo_compute_worker_restarts_total',
    help: 'Compute workers replaced, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** 1 for the tensor backend in use, labelled with the device that runs it (absent until one is selected). */
  readonly tensorBackend = new Gauge({
    name: 'bo_tensor_backend_info',
    help: 'Tensor backend of the neural surrogates and the device that runs it (1 = in use)',
    labelNames: ['backend', 'device'] as const,
    registers: [this.registry],
    async collect() {
      const t = await tensorBackendDetails();
      this.reset();
      if (t) this.set({ backend: t.name, device: t.device }, 1);
    },
  });

  /** `processMetrics`: also Node's default metrics (event-loop lag, heap, GC); the server turns them on, tests need not. */
  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
