// Public surface of the notices module, for the console's composition root and REST API.
export { type RetryPolicy, retryDelay } from './backoff.js';
export {
  type Contact,
  type ContactInput,
  contactInputSchema,
  createContact,
  deleteContact,
  getContact,
  listContacts,
  updateContact,
} from './contacts.js';
export type { DeliveryResult, NoticeSender } from './delivery.js';
export {
  type DeliveryConfig,
  type DeliveryConfigInput,
  deliveryConfigSchema,
  parseDeliveryConfig,
  smtpConfigSchema,
} from './delivery-config.js';
export {
  createNoticeDispatcher,
  type NoticeDispatcher,
  type NoticeDispatcherOptions,
  type NoticeMetrics,
  type Timers,
} from './dispatcher.js';
export { NoticeInputError } from './errors.js';
export { createNoticeHook, type NoticeHookOptions, noticeHook } from './hook.js';
export { noticeMigrations } from './migrations.js';
export {
  createNocRecipient,
  deleteNocRecipient,
  getNocRecipient,
  listNocRecipients,
  type NocRecipient,
  type NocRecipientInput,
  nocRecipientInputSchema,
  updateNocRecipient,
} from './noc-recipients.js';
export { NO_OBJECTIVE, TEMPLATE_VARIABLES } from './notice-vars.js';
export { effectiveTemplate, type RenderedNotice, renderNotice } from './render.js';
export { noticeStageOf } from './rules.js';
export {
  deleteNoticeTemplate,
  getNoticeTemplate,
  listNoticeTemplates,
  setNoticeTemplate,
  type TemplateOverride,
  type TemplateOverrideInput,
  templateOverrideSchema,
} from './template-overrides.js';
export { DEFAULT_TEMPLATES, type NoticeTemplate } from './templates.js';
export { getQueuedNotice, listTicketNotices, retryNotice, type TicketNotice } from './ticket-notices.js';
export * from './types.js';
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookVerification,
} from './webhook-signature.js';
