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

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
/** 9999-12-31T23:59:59.999Z + 1 ms: beyond it `toISOString` writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;

/**
 * ISO 8601 (UTC) for an epoch-ms instant, null kept; exactly `new Date(ms).toISOString()`.
 * A list page formats hundreds of instants and `toISOString` costs ≈0.6 µs each, so instants
 * in years 1970–9999 are formatted here from the day number (Hinnant's civil-from-days), about
 * three times faster; anything else (negative, fractional, out of range) goes to `toISOString`.
 * @example
 * iso(0); // '1970-01-01T00:00:00.000Z'
 */
export function iso(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  if (!(ms >= 0 && ms < YEAR_10000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  // Days since 0000-03-01 in 400-year eras, so that the leap day ends each computed year.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  const y = year < 1000 ? String(year).padStart(4, '0') : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${pad3(rest - sec * 1000)}Z`;
}
