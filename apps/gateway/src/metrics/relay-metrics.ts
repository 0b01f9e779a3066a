import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/** Counters of the streaming relay, exported on `/metrics`. */
@Injectable()
export class RelayMetrics {
  private readonly relayedEvents: Counter;
  private readonly replayedEvents: Counter;
  private readonly relayLag: Histogram;
  readonly sockets: Gauge;
  readonly runsCreated: Counter<'mode'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.relayedEvents = new Counter({ name: 'parallax_relay_events_total', help: 'Live run events relayed to sockets', registers });
    this.replayedEvents = new Counter({ name: 'parallax_replay_events_total', help: 'Logged run events replayed to sockets', registers });
    this.relayLag = new Histogram({
      name: 'parallax_relay_lag_seconds',
      help: 'Worker emit to gateway relay, per event',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.sockets = new Gauge({ name: 'parallax_socket_connections', help: 'Open sockets on /runs', registers });
    this.runsCreated = new Counter({ name: 'parallax_runs_created_total', help: 'Runs accepted', labelNames: ['mode'], registers });
  }

  relayed(emittedAt: number): void {
    this.relayedEvents.inc();
    this.relayLag.observe(Math.max(0, Date.now() - emittedAt) / 1000);
  }

  replayed(count: number): void {
    if (count > 0) this.replayedEvents.inc(count);
  }
}
