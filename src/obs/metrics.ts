// Prometheus metrics (prom-client). One registry per process (per app in tests) so counters never leak
// between test servers.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  eventsReceived: Counter<'type'>;
  eventsAcked: Counter<'type'>;
  eventsDeduplicated: Counter<'type'>;
  eventsRefused: Counter<'reason'>;
  queueDepth: Gauge;
  answerLatency: Histogram<'kind'>;
  answers: Counter<'result'>;
  feedbackVotes: Counter<'vote'>;
  larkApiCalls: Counter<'api' | 'code'>;
  larkRetries: Counter<'api'>;
  digestPosts: Counter<'result'>;
  /** ws mode: 1 for the long connection's current state, 0 for the others. */
  larkConnection: Gauge<'state'>;
  larkConnectionChanges: Counter<'state'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    eventsReceived: new Counter({ name: 'fazhi_events_received_total', help: 'Webhook requests received, by event type', labelNames: ['type'], registers: r }),
    eventsAcked: new Counter({ name: 'fazhi_events_acked_total', help: 'Events acknowledged with HTTP 200', labelNames: ['type'], registers: r }),
    eventsDeduplicated: new Counter({ name: 'fazhi_events_deduplicated_total', help: 'Events dropped as redeliveries', labelNames: ['type'], registers: r }),
    eventsRefused: new Counter({ name: 'fazhi_events_refused_total', help: 'Webhook requests refused, by reason', labelNames: ['reason'], registers: r }),
    queueDepth: new Gauge({ name: 'fazhi_queue_depth', help: 'Questions waiting for an answer', registers: r }),
    answerLatency: new Histogram({
      name: 'fazhi_answer_latency_seconds',
      help: 'Time from event receipt to reply sent',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
    answers: new Counter({ name: 'fazhi_answers_total', help: 'Questions answered or refused', labelNames: ['result'], registers: r }),
    feedbackVotes: new Counter({ name: 'fazhi_feedback_votes_total', help: 'Feedback button clicks', labelNames: ['vote'], registers: r }),
    larkApiCalls: new Counter({ name: 'fazhi_lark_api_calls_total', help: 'Lark Open API calls by API and result code', labelNames: ['api', 'code'], registers: r }),
    larkRetries: new Counter({ name: 'fazhi_lark_api_retries_total', help: 'Lark Open API retries', labelNames: ['api'], registers: r }),
    digestPosts: new Counter({ name: 'fazhi_digest_posts_total', help: 'Digest posts by result', labelNames: ['result'], registers: r }),
    larkConnection: new Gauge({ name: 'fazhi_lark_connection_state', help: 'Long connection to Lark (ws mode): 1 for the current state', labelNames: ['state'], registers: r }),
    larkConnectionChanges: new Counter({ name: 'fazhi_lark_connection_changes_total', help: 'Long connection state changes, by the state entered', labelNames: ['state'], registers: r }),
  };
}
