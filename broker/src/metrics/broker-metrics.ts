/**
 * Kinds of refused action counted by the broker.
 * @example
 * broker.metrics().refused['publish' satisfies RefusedAction];
 */
export type RefusedAction = 'connect' | 'publish' | 'subscribe' | 'packet';

/**
 * A snapshot of the broker's counters, as returned by `broker.metrics()`.
 * @example
 * const m: BrokerMetrics = broker.metrics();
 * m.refused.publish.acl; // publishes refused by the ACL
 */
export interface BrokerMetrics {
  /** Clients with an established session now. */
  connectedClients: number;
  /** Sessions established since start. */
  connectionsTotal: number;
  /** PUBLISH packets accepted from clients. */
  messagesIn: number;
  /** Messages forwarded to subscribed clients. */
  messagesOut: number;
  /** CONNECTs refused for a wrong or unknown credential. */
  authFailures: number;
  /** Refused actions by kind and reason, e.g. `refused.publish['acl']`. */
  refused: Record<RefusedAction, Record<string, number>>;
}

/**
 * Mutable counters behind {@link BrokerMetrics}.
 * @example
 * const counters = new MetricsCounters();
 * counters.refuse('publish', 'acl');
 * counters.snapshot(3).refused.publish.acl; // 1
 */
export class MetricsCounters {
  connectionsTotal = 0;
  messagesIn = 0;
  messagesOut = 0;
  authFailures = 0;
  private readonly refused: Record<RefusedAction, Map<string, number>> = {
    connect: new Map(),
    publish: new Map(),
    subscribe: new Map(),
    packet: new Map(),
  };

  /** Counts one refusal. */
  refuse(action: RefusedAction, reason: string): void {
    const m = this.refused[action];
    m.set(reason, (m.get(reason) ?? 0) + 1);
  }

  /** A plain, detached copy of the counters. */
  snapshot(connectedClients: number): BrokerMetrics {
    const refused = {} as BrokerMetrics['refused'];
    for (const action of Object.keys(this.refused) as RefusedAction[]) {
      refused[action] = Object.fromEntries(this.refused[action]);
    }
    return {
      connectedClients,
      connectionsTotal: this.connectionsTotal,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      authFailures: this.authFailures,
      refused,
    };
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/**
 * Renders a metrics snapshot in the Prometheus text exposition format (version 0.0.4).
 * @example
 * res.setHeader('content-type', 'text/plain; version=0.0.4');
 * res.end(renderPrometheus(broker.metrics()));
 */
export function renderPrometheus(m: BrokerMetrics): string {
  const out: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  };
  metric(
    'pbxwatch_broker_connected_clients',
    'gauge',
    'Clients with an established session.',
    m.connectedClients,
  );
  metric(
    'pbxwatch_broker_connections_total',
    'counter',
    'Sessions established since start.',
    m.connectionsTotal,
  );
  metric(
    'pbxwatch_broker_messages_in_total',
    'counter',
    'PUBLISH packets accepted from clients.',
    m.messagesIn,
  );
  metric(
    'pbxwatch_broker_messages_out_total',
    'counter',
    'Messages forwarded to subscribers.',
    m.messagesOut,
  );
  metric(
    'pbxwatch_broker_auth_failures_total',
    'counter',
    'CONNECTs refused for a bad credential.',
    m.authFailures,
  );
  out.push('# HELP pbxwatch_broker_refused_total Refused actions by kind and reason.');
  out.push('# TYPE pbxwatch_broker_refused_total counter');
  for (const [action, reasons] of Object.entries(m.refused)) {
    for (const [reason, n] of Object.entries(reasons)) {
      out.push(`pbxwatch_broker_refused_total{action="${action}",reason="${escapeLabel(reason)}"} ${n}`);
    }
  }
  return `${out.join('\n')}\n`;
}
