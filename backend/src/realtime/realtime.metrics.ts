import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

/**
 * Live-event counters. The prom-client objects are not registered anywhere (several apps may share a test
 * process); the metrics endpoint registers them in its own registry.
 */
@Injectable()
export class RealtimeMetrics {
  private open = 0;
  private sent = 0;
  private rejectedCount = 0;
  private resetCount = 0;

  readonly openStreamsGauge = new Gauge({
    name: 'todo_event_streams_open',
    help: 'Task event streams currently open in this process.',
    registers: [],
  });
  readonly eventsSentCounter = new Counter({
    name: 'todo_events_sent_total',
    help: 'Task events written to streams (each stream counts once).',
    registers: [],
  });
  readonly streamsRejectedCounter = new Counter({
    name: 'todo_event_streams_rejected_total',
    help: 'Stream requests refused with 429 by the per-user or per-process cap.',
    registers: [],
  });
  readonly resetsSentCounter = new Counter({
    name: 'todo_event_resets_sent_total',
    help: 'Reset events sent (resume impossible, or the listening connection was re-established).',
    registers: [],
  });

  get openStreams(): number {
    return this.open;
  }
  get eventsSent(): number {
    return this.sent;
  }
  get streamsRejected(): number {
    return this.rejectedCount;
  }
  get resetsSent(): number {
    return this.resetCount;
  }

  streamOpened(): void {
    this.open += 1;
    this.openStreamsGauge.inc();
  }
  streamClosed(): void {
    this.open -= 1;
    this.openStreamsGauge.dec();
  }
  eventSent(count = 1): void {
    this.sent += count;
    this.eventsSentCounter.inc(count);
  }
  streamRejected(): void {
    this.rejectedCount += 1;
    this.streamsRejectedCounter.inc();
  }
  resetSent(): void {
    this.resetCount += 1;
    this.resetsSentCounter.inc();
  }

  /** Every metric, for a registry to `registerMetric`. */
  all() {
    return [
      this.openStreamsGauge,
      this.eventsSentCounter,
      this.streamsRejectedCounter,
      this.resetsSentCounter,
    ];
  }
}
