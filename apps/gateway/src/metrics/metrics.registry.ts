import { collectDefaultMetrics, Registry } from 'prom-client';

/** The gateway's Prometheus registry; one per process so tests can create several gateways. */
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this, prefix: 'parallax_gateway_' });
  }
}
