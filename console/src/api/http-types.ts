import type { Role } from '../auth/roles.js';

/**
 * Who is calling: an API token or a logged-in web UI user.
 * @example
 * const p: Principal = { kind: 'user', id: 1, name: 'alice', role: 'noc' };
 */
export interface Principal {
  kind: 'token' | 'user';
  id: number;
  name: string;
  role: Role;
}

/**
 * The hono environment of the API: the authenticated principal.
 * @example
 * const app = new OpenAPIHono<ApiEnv>();
 */
export interface ApiEnv {
  Variables: { principal: Principal };
}

/**
 * The actor recorded on timelines for a principal.
 * @example
 * actorOf({ kind: 'user', id: 1, name: 'alice', role: 'noc' }); // 'alice'
 */
export function actorOf(p: Principal): string {
  return p.kind === 'user' ? p.name : `token:${p.name}`;
}

/**
 * ISO 8601 (UTC) for an epoch-ms instant, null kept.
 * @example
 * iso(0); // '1970-01-01T00:00:00.000Z'
 */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
