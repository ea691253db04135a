/**
 * Bad input to the notices API (a contact, recipient or template): the message names the field
 * path, so the REST layer can return it as a 400 as is.
 * @example
 * try { createContact(db, { customerId: 1, name: '' }); }
 * catch (e) { if (e instanceof NoticeInputError) res.status(400).json({ error: e.message }); }
 */
export class NoticeInputError extends Error {
  override readonly name = 'NoticeInputError';
}
