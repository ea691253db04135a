import * as z from 'zod/mini';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `30s`, `5m`, `1h30m`, `250ms` or a bare number of milliseconds.
 * Returns `null` for anything else.
 * @example
 * parseDuration('1m30s'); // 90000
 */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : null;
  const s = input.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    matched = re.lastIndex;
  }
  return matched === s.length && matched > 0 ? Math.round(total) : null;
}

/**
 * Zod schema accepting a duration string or milliseconds and yielding milliseconds, for configs.
 * @example
 * durationSchema.parse('30s'); // 30000
 */
export const durationSchema = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v: string | number, ctx) => {
    const ms = parseDuration(v);
    if (ms === null) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `not a duration: ${JSON.stringify(v)} (use e.g. 500ms, 30s, 5m, 1h)`,
      });
      return z.NEVER;
    }
    return ms;
  }),
);
