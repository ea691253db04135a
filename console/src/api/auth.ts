import type { Context, MiddlewareHandler } from 'hono';
import { type Role, roleAllows } from '../auth/roles.js';
import type { TokenStore } from '../auth/tokens.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { ApiEnv, Principal } from './http-types.js';

/**
 * Finds the principal of a request (bearer token, session cookie…), or null.
 * @example
 * const cookie: Authenticator = (c) => sessions.principal(c.req.header('cookie'));
 */
export type Authenticator = (c: Context) => Principal | null | Promise<Principal | null>;

/**
 * Authenticates with `Authorization: Bearer <token>` against the hashed token store.
 * @example
 * const auth = bearerAuthenticator(tokens);
 */
export function bearerAuthenticator(tokens: TokenStore): Authenticator {
  return (c) => {
    const h = c.req.header('authorization');
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m) return null;
    const t = tokens.verify(m[1] as string);
    return t ? { kind: 'token', id: t.id, name: t.name, role: t.role } : null;
  };
}

/**
 * Middleware: the first authenticator that knows the caller sets `principal`; none → 401.
 * @example
 * app.use('/api/v1/*', requireAuth([bearerAuthenticator(tokens)]));
 */
export function requireAuth(authenticators: readonly Authenticator[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    for (const a of authenticators) {
      const p = await a(c);
      if (p) {
        c.set('principal', p);
        return next();
      }
    }
    c.header('WWW-Authenticate', 'Bearer realm="pbxwatch"');
    throw new UnauthorizedError(
      c.req.header('authorization') ? 'invalid credentials' : 'missing bearer token',
    );
  };
}

/**
 * Throws 403 unless the caller has at least `need` (admin ⊇ noc ⊇ readonly); returns the principal.
 * @example
 * const p = allow(c, 'noc');
 */
export function allow(c: Context<ApiEnv>, need: Role): Principal {
  const p = c.get('principal');
  if (!roleAllows(p.role, need)) throw new ForbiddenError(`${need} role required (you are ${p.role})`);
  return p;
}
