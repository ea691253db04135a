import type { Priority } from '@pbxwatch/core';

/**
 * The notice stages. `resolved` (restored by hand) sends the `restored` notice; `reopened`,
 * `acknowledged`, `paused` and `resumed` send nothing: a flapping condition reopened inside the
 * reopen window sends nothing new.
 * @example
 * NOTICE_STAGES.includes('opened'); // true
 */
export const NOTICE_STAGES = [
  'opened',
  'priority-raised',
  'restored',
  'closed',
  'sla-warning',
  'sla-breach',
] as const;

/**
 * A notice stage.
 * @example
 * const s: NoticeStage = 'restored';
 */
export type NoticeStage = (typeof NOTICE_STAGES)[number];

/**
 * Stages a customer contact may receive; all of them by default.
 * @example
 * CUSTOMER_STAGES.length; // 4
 */
export const CUSTOMER_STAGES = [
  'opened',
  'priority-raised',
  'restored',
  'closed',
] as const satisfies readonly NoticeStage[];

/**
 * A customer stage.
 * @example
 * const s: CustomerStage = 'closed';
 */
export type CustomerStage = (typeof CUSTOMER_STAGES)[number];

/**
 * Priorities a contact receives unless configured otherwise.
 * @example
 * DEFAULT_CONTACT_PRIORITIES; // ['P1', 'P2']
 */
export const DEFAULT_CONTACT_PRIORITIES: readonly Priority[] = ['P1', 'P2'];

/**
 * Stages a NOC recipient receives unless configured otherwise: SLA warnings (75%) and breaches.
 * @example
 * DEFAULT_NOC_STAGES; // ['sla-warning', 'sla-breach']
 */
export const DEFAULT_NOC_STAGES: readonly NoticeStage[] = ['sla-warning', 'sla-breach'];

/**
 * How a notice travels.
 * @example
 * const c: NoticeChannel = 'webhook';
 */
export type NoticeChannel = 'email' | 'webhook';

/**
 * Every channel, for per-channel metrics.
 * @example
 * NOTICE_CHANNELS; // ['email', 'webhook']
 */
export const NOTICE_CHANNELS: readonly NoticeChannel[] = ['email', 'webhook'];

/**
 * Delivery state of a queued notice. `sending` is claimed by the dispatcher; a row left in it by a
 * crash goes back to `pending` when the dispatcher starts again.
 * @example
 * const s: NoticeStatus = 'failed-permanent';
 */
export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'failed-permanent';

/**
 * Who a queued notice is for: a customer contact or a NOC recipient.
 * @example
 * const k: RecipientKind = 'noc';
 */
export type RecipientKind = 'contact' | 'noc';

/**
 * How a recipient wants clock times written.
 * @example
 * const f: TimeFormat = '12h';
 */
export type TimeFormat = '24h' | '12h';
