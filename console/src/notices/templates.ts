import type { NoticeStage } from './types.js';

/**
 * A notice template: subject and text are plain text; `html` is optional HTML (operator-written
 * markup, escaped values). Without `html`, the HTML part is made from the text template.
 * @example
 * const t: NoticeTemplate = { subject: '{{site.name}} is down', text: 'Since {{detectedAt}}.', html: null };
 */
export interface NoticeTemplate {
  subject: string;
  text: string;
  html: string | null;
}

const FOOTER = 'Ticket #{{ticket.id}}. This is an automated notice from your phone system maintainer.';

/**
 * The built-in templates, used when neither the customer nor the installation overrides a stage.
 * Customer stages speak plainly to the customer; SLA stages speak to the NOC.
 * @example
 * DEFAULT_TEMPLATES.opened.subject; // '[{{ticket.priority}}] Phone system problem at {{site.name}}'
 */
export const DEFAULT_TEMPLATES: Readonly<Record<NoticeStage, NoticeTemplate>> = Object.freeze({
  opened: {
    subject: '[{{ticket.priority}}] Phone system problem at {{site.name}}',
    text: `Your phone system at {{site.name}} {{problem}}. {{priorityLabel}}: {{commitment}}

We detected the problem at {{detectedAt}} ({{ticket.summary}}). We will tell you when service is restored.

${FOOTER}`,
    html: null,
  },
  'priority-raised': {
    subject: '[{{ticket.priority}}] Priority raised: phone system at {{site.name}}',
    text: `The problem with your phone system at {{site.name}} got worse: it {{problem}}. It is now {{priorityLabel}}: {{commitment}}

The problem was first detected at {{detectedAt}} ({{ticket.summary}}).

${FOOTER}`,
    html: null,
  },
  restored: {
    subject: 'Service restored: phone system at {{site.name}}',
    text: `Service at {{site.name}} was restored at {{restoredAt}} after {{outageDuration}}.

The problem was detected at {{detectedAt}} ({{ticket.summary}}). We keep the ticket open while we confirm the cause.

${FOOTER}`,
    html: null,
  },
  closed: {
    subject: 'Closed: phone system problem at {{site.name}}',
    text: `We have closed the ticket about your phone system at {{site.name}}.

The problem was detected at {{detectedAt}} and service was restored at {{restoredAt}}, after {{outageDuration}} ({{ticket.summary}}).

${FOOTER}`,
    html: null,
  },
  'sla-warning': {
    subject:
      'SLA warning: {{objective}} due {{objectiveDueAt}}, ticket #{{ticket.id}} ({{site.name}}, {{ticket.priority}})',
    text: `The {{objective}} objective of ticket #{{ticket.id}} is running out: due at {{objectiveDueAt}}.

Site: {{site.name}} ({{customer.name}}). {{ticket.priority}} {{ticket.condition}}: {{ticket.summary}}. Detected at {{detectedAt}}.`,
    html: null,
  },
  'sla-breach': {
    subject: 'SLA BREACH: {{objective}} of ticket #{{ticket.id}} ({{site.name}}, {{ticket.priority}})',
    text: `The {{objective}} objective of ticket #{{ticket.id}} was breached: it was due at {{objectiveDueAt}}.

Site: {{site.name}} ({{customer.name}}). {{ticket.priority}} {{ticket.condition}}: {{ticket.summary}}. Detected at {{detectedAt}}.`,
    html: null,
  },
});
