/**
 * Renders rows as RFC 4180 CSV (CRLF line ends, fields quoted when they hold `,`, `"` or newlines).
 * @example
 * toCsv([{ a: 1, b: 'x,y' }]); // 'a,b\r\n1,"x,y"\r\n'
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))]
    .map((l) => `${l}\r\n`)
    .join('');
}
