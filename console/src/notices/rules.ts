import { NOC_ONLY_CONDITIONS } from '@pbxwatch/core';
import type { TicketEventContext, TicketEventType } from '../tickets/ticket-events.js';
import type { StoredRecipient } from './recipient-store.js';
import type { NoticeChannel, NoticeStage } from './types.js';

/**
 * One notice to queue: which stage (and variant) goes to which recipient over which channel.
 * @example
 * const p: PlannedNotice = { stage: 'opened', variant: '', recipient, channel: 'email', address: 'it@acme.test' };
 */
export interface PlannedNotice {
  stage: NoticeStage;
  variant: string;
  recipient: StoredRecipient;
  channel: NoticeChannel;
  address: string;
}

/**
 * Whether a recipient was already sent (or queued) the `opened` notice of this ticket on a channel.
 * @example
 * const told: ToldCheck = (r, ch) => queueHasOpened(db, ticketId, r, ch);
 */
export type ToldCheck = (recipient: StoredRecipient, channel: NoticeChannel) => boolean;

const STAGE_OF: Partial<Record<TicketEventType, NoticeStage>> = {
  opened: 'opened',
  'priority-raised': 'priority-raised',
  restored: 'restored',
  // Restored by hand (no clear from the site): the customer hears the same "service restored"; the
  // queue's UNIQUE key sends it once if the site's clear comes too.
  resolved: 'restored',
  closed: 'closed',
  'sla-warning': 'sla-warning',
  'sla-breach': 'sla-breach',
  // `reopened` is deliberately absent: a condition flapping inside the reopen window must not send a
  // second "opened" notice. `acknowledged`, `paused`, `resumed` send nothing either.
};

/**
 * The notice stage of a ticket event, or null when the event sends nothing.
 * @example
 * noticeStageOf('reopened'); // null
 */
export function noticeStageOf(type: TicketEventType): NoticeStage | null {
  return STAGE_OF[type] ?? null;
}

function channels(r: StoredRecipient): [NoticeChannel, string][] {
  const out: [NoticeChannel, string][] = [];
  if (r.email) out.push(['email', r.email]);
  if (r.webhookUrl) out.push(['webhook', r.webhookUrl]);
  return out;
}

// A customer hears about a ticket only once it is told it was opened: a priority raise into their
// priorities is their "opened"; "restored" and "closed" go only to those who were told.
function contactStage(ctx: TicketEventContext, stage: NoticeStage, r: StoredRecipient, told: boolean) {
  const wantsPriority = r.priorities.includes(ctx.ticket.priority);
  const has = (s: NoticeStage) => r.stages.includes(s);
  switch (stage) {
    case 'opened':
      return wantsPriority && has('opened') ? { stage, variant: '' } : null;
    case 'priority-raised':
      if (!wantsPriority) return null;
      if (!told) return has('opened') ? { stage: 'opened' as const, variant: '' } : null;
      return has(stage) ? { stage, variant: ctx.ticket.priority } : null;
    case 'restored':
    case 'closed':
      return told && has(stage) ? { stage, variant: '' } : null;
    default:
      return null;
  }
}

function variantOf(ctx: TicketEventContext, stage: NoticeStage): string {
  if (stage === 'priority-raised') return ctx.ticket.priority;
  if (stage === 'sla-warning' || stage === 'sla-breach') return ctx.event.objective ?? '';
  return '';
}

/**
 * Decides who gets what for a ticket event (the notice rules):
 * - nothing at all while the site is in maintenance;
 * - customer contacts get opened, priority raised, restored (or resolved by hand) and closed, for their priorities
 *   (P1 and P2 unless configured) and stages, never for a NOC-only condition (`agent-offline`);
 * - NOC recipients get their stages (SLA warning and breach by default), any condition or priority;
 * - `reopened` and the other events send nothing.
 * @example
 * const plan = planNotices(ctx, { contacts, noc }, () => false);
 */
export function planNotices(
  ctx: TicketEventContext,
  recipients: { contacts: readonly StoredRecipient[]; noc: readonly StoredRecipient[] },
  told: ToldCheck,
): PlannedNotice[] {
  const stage = noticeStageOf(ctx.event.type);
  if (!stage || ctx.site.inMaintenance) return [];
  const out: PlannedNotice[] = [];
  const customerOk = ctx.ticket.condition === 'manual' || !NOC_ONLY_CONDITIONS.has(ctx.ticket.condition);
  for (const r of recipients.contacts) {
    if (!r.enabled || !customerOk) continue;
    for (const [channel, address] of channels(r)) {
      const s = contactStage(ctx, stage, r, told(r, channel));
      if (s) out.push({ ...s, recipient: r, channel, address });
    }
  }
  for (const r of recipients.noc) {
    if (!r.enabled || !r.stages.includes(stage)) continue;
    for (const [channel, address] of channels(r)) {
      out.push({ stage, variant: variantOf(ctx, stage), recipient: r, channel, address });
    }
  }
  return out;
}
