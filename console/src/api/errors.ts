import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { ServiceError } from '../errors.js';

/**
 * The JSON body of every API error.
 * @example
 * const body: ErrorBody = { error: { code: 'not-found', message: 'ticket 7 not found' } };
 */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/**
 * Field paths and messages of a zod error, e.g. `{ path: 'query.priority', message: 'Invalid option' }`.
 * @example
 * zodIssues(err, 'body');
 */
export function zodIssues(err: ZodError, where?: string): { path: string; message: string }[] {
  return err.issues.map((i) => ({
    path: [where, ...i.path].filter((x) => x !== undefined).join('.'),
    message: i.message,
  }));
}

/**
 * The `defaultHook` of every OpenAPI route: a request that fails validation gets 400 naming the fields.
 * @example
 * new OpenAPIHono({ defaultHook: validationHook });
 */
export function validationHook(
  result: { success: boolean; error?: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  const issues = zodIssues(result.error, result.target === 'json' ? 'body' : result.target);
  const body: ErrorBody = {
    error: { code: 'validation', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues },
  };
  return c.json(body, 400);
}

/**
 * The one `onError`: typed service errors map to their status, anything else is a logged 500.
 * @example
 * app.onError(errorHandler(log));
 */
export function errorHandler(log: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ServiceError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (Array.isArray(err.details)) body.error.issues = err.details as ErrorBody['error']['issues'];
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException) {
      return c.json(
        { error: { code: 'http', message: err.message || 'request failed' } } satisfies ErrorBody,
        err.status,
      );
    }
    log.error({ err, path: c.req.path }, 'api error');
    return c.json({ error: { code: 'internal', message: 'internal error' } } satisfies ErrorBody, 500);
  };
}
