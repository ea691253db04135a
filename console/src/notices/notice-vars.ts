import type { TicketEventContext } from '../tickets/ticket-events.js';
import type { TemplateVars } from './placeholders.js';
import { formatDuration, formatInstant, type TimeStyle } from './time-format.js';

/**
 * Every placeholder a template may use, with what it holds (shown to users who edit templates).
 * @example
 * Object.keys(TEMPLATE_VARIABLES).includes('respondBy'); // true
 */
export const TEMPLATE_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  'site.id': 'site identifier',
  'site.name': 'site name',
  'site.timeZone': 'IANA time zone of the site; every time is written in it',
  'customer.name': 'customer name (empty when the site has none)',
  'ticket.id': 'ticket number',
  'ticket.priority': 'P1..P4',
  'ticket.summary': 'one-line description of the fault',
  'ticket.condition': 'condition code, e.g. pbx-down',
  priorityLabel: '"Priority 1"..."Priority 4"',
  problem: 'plain-language predicate, e.g. "is down"',
  commitment:
    'what the plan promises, e.g. "we will respond by 14:05 CST and aim to restore service by 17:05 CST."',
  respondBy: 'response due time, or "no stated objective"',
  resolveBy: 'resolution due time, or "no stated objective"',
  detectedAt: 'when the site first saw the fault',
  eventAt: 'when this event happened',
  restoredAt: 'when service came back (the event time if not recorded)',
  outageDuration: 'from detection to restoration, e.g. "2 h 14 min"',
  objective: 'SLA warning/breach: the objective name',
  objectiveDueAt: 'SLA warning/breach: its due time, or "no stated objective"',
});

/**
 * The phrase used when a plan has no objective (or no due time) for the priority.
 * @example
 * NO_OBJECTIVE; // 'no stated objective'
 */
export const NO_OBJECTIVE = 'no stated objective';

type Ticket = TicketEventContext['ticket'];

// Plain language for customers: what they would notice, not how we detected it.
function problem(t: Ticket): string {
  switch (t.condition) {
    case 'pbx-down':
      return 'is down';
    case 'stations':
      return t.priority === 'P1' ? 'has lost most of its phones' : 'has phones that cannot connect';
    case 'trunks':
      return t.priority === 'P1'
        ? 'cannot make or receive outside calls'
        : 'has lost some of its outside lines';
    case 'sip-down':
      return 'is not answering voice-over-IP (SIP) requests';
    case 'snmp-down':
      return 'cannot be monitored at the moment (calls still work)';
    case 'sip-slow':
      return 'is answering slowly';
    case 'pbx-restarted':
      return 'restarted unexpectedly';
    case 'agent-offline':
      return 'is no longer monitored (our gateway at the site is offline)';
    default:
      return `has a problem: ${t.summary}`;
  }
}

function commitment(respondBy: string | null, resolveBy: string | null): string {
  if (respondBy && resolveBy)
    return `we will respond by ${respondBy} and aim to restore service by ${resolveBy}.`;
  if (respondBy) return `we will respond by ${respondBy} (no stated restoration objective).`;
  if (resolveBy) return `we aim to restore service by ${resolveBy} (no stated response objective).`;
  return 'your plan has no stated objective for this priority.';
}

/**
 * The placeholder values of one notice, with times in the site's zone and the recipient's style.
 * Due times come from `ctx.objectives` (`response`, `resolution`); a missing objective or one
 * without a due instant reads "no stated objective".
 * @example
 * const vars = noticeVars(ctx, { locale: null, timeFormat: null });
 * vars.commitment; // 'we will respond by 14:05 CST and aim to restore service by 17:05 CST.'
 */
export function noticeVars(ctx: TicketEventContext, style: Omit<TimeStyle, 'zone'> = {}): TemplateVars {
  const s: TimeStyle = { ...style, zone: ctx.site.timeZone };
  const at = ctx.event.at;
  const fmt = (ms: number) => formatInstant(ms, s, at);
  const due = (name: string | undefined) => {
    const o = ctx.objectives.find((x) => x.name === name);
    return o?.dueAt != null ? fmt(o.dueAt) : null;
  };
  const respondBy = due('response');
  const resolveBy = due('resolution');
  const restoredAt = ctx.ticket.clearedAt ?? at;
  return {
    'site.id': ctx.site.id,
    'site.name': ctx.site.name,
    'site.timeZone': ctx.site.timeZone,
    'customer.name': ctx.customer?.name ?? '',
    'ticket.id': String(ctx.ticket.id),
    'ticket.priority': ctx.ticket.priority,
    'ticket.summary': ctx.ticket.summary,
    'ticket.condition': ctx.ticket.condition,
    priorityLabel: `Priority ${ctx.ticket.priority.slice(1)}`,
    problem: problem(ctx.ticket),
    commitment: commitment(respondBy, resolveBy),
    respondBy: respondBy ?? NO_OBJECTIVE,
    resolveBy: resolveBy ?? NO_OBJECTIVE,
    detectedAt: fmt(ctx.ticket.detectedAt),
    eventAt: fmt(at),
    restoredAt: fmt(restoredAt),
    outageDuration: formatDuration(restoredAt - ctx.ticket.detectedAt),
    objective: ctx.event.objective ?? '',
    objectiveDueAt: due(ctx.event.objective) ?? NO_OBJECTIVE,
  };
}
