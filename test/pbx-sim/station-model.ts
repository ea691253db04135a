/**
 * The simulated PBX's station list: what the ipoPhonesTable rows hold. Pure data, no I/O, so the
 * SNMP agent, the SIP side and the tests agree on one picture.
 */

/**
 * PhoneType codes used by the simulator (IPO-PHONES-MIB PhoneType TC, revision 2011-02-09).
 * @example
 * SIM_PHONE_TYPES.potPhone; // 3
 */
export const SIM_PHONE_TYPES = {
  noPhone: 1,
  potPhone: 3,
  a1408: 77, // digital (DCP) deskphone
  a1616ip: 62,
  a9608ip: 110,
  a9611ip: 111,
  avayaSip: 51,
} as const;

const IP_TYPES = [
  SIM_PHONE_TYPES.a9608ip,
  SIM_PHONE_TYPES.a9611ip,
  SIM_PHONE_TYPES.a1616ip,
  SIM_PHONE_TYPES.avayaSip,
];

/**
 * One row of the simulated ipoPhonesTable.
 * @example
 * buildStations({ count: 3 })[0]; // { index: 1, extension: 200, kind: 'ip', … }
 */
export interface SimStation {
  index: number;
  extId: number;
  extension: number;
  userShort: string;
  userLong: string;
  type: number;
  kind: 'ip' | 'digital' | 'analogue' | 'none';
  port: number;
  moduleNumber: number;
  /** The address when connected (IP phones only). */
  ip: string;
  mac: Buffer;
  down: boolean;
}

/**
 * How many stations and which share of each kind. Ratios are of the whole table.
 * @example
 * const mix: StationMix = { count: 500, analogue: 0.2, empty: 0 };
 */
export interface StationMix {
  count: number;
  /** Share of analogue potPhone rows (default 0.1). */
  analogue?: number;
  /** Share of empty noPhone rows (default 0.05). */
  empty?: number;
  /** Share of digital DCP rows (default 0.05). */
  digital?: number;
  /** First extension number (default 200). */
  firstExtension?: number;
}

/**
 * Builds a deterministic station table: kinds are spread evenly through it (so "the first k IP
 * phones" is stable), IP phones get 10.x.y.z addresses.
 * @example
 * const rows = buildStations({ count: 100 }); // 80 IP, 10 analogue, 5 empty, 5 digital
 */
export function buildStations(mix: StationMix): SimStation[] {
  if (!Number.isInteger(mix.count) || mix.count < 0 || mix.count > 10_000) {
    throw new Error(`station count must be an integer 0..10000, got ${mix.count}`);
  }
  const shares: [SimStation['kind'], number][] = [
    ['analogue', mix.analogue ?? 0.1],
    ['none', mix.empty ?? 0.05],
    ['digital', mix.digital ?? 0.05],
  ];
  const acc = new Map<SimStation['kind'], number>();
  const first = mix.firstExtension ?? 200;
  const rows: SimStation[] = [];
  for (let i = 1; i <= mix.count; i++) {
    // Error-diffusion spread: each kind gets its share without clustering.
    let kind: SimStation['kind'] = 'ip';
    for (const [k, share] of shares) {
      const want = Math.floor(i * share);
      if (want > (acc.get(k) ?? 0)) {
        acc.set(k, want);
        kind = k;
        break;
      }
    }
    const ext = first + i - 1;
    const type =
      kind === 'ip'
        ? IP_TYPES[i % IP_TYPES.length]!
        : kind === 'digital'
          ? SIM_PHONE_TYPES.a1408
          : kind === 'analogue'
            ? SIM_PHONE_TYPES.potPhone
            : SIM_PHONE_TYPES.noPhone;
    rows.push({
      index: i,
      extId: 1000 + i,
      extension: ext,
      userShort: kind === 'none' ? '' : `Ext${ext}`,
      userLong: kind === 'none' ? '' : `Extension ${ext}`,
      type,
      kind,
      port: i,
      moduleNumber: Math.ceil(i / 64),
      ip: kind === 'ip' ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : '0.0.0.0',
      mac: Buffer.from([0x00, 0x1b, 0x4f, (i >> 16) & 255, (i >> 8) & 255, i & 255]),
      down: false,
    });
  }
  return rows;
}

/**
 * The address the table shows for a row right now: 0.0.0.0 for a down or non-IP phone.
 * @example
 * shownAddress({ ...station, down: true }); // '0.0.0.0'
 */
export function shownAddress(s: SimStation): string {
  return s.kind === 'ip' && !s.down ? s.ip : '0.0.0.0';
}

/**
 * How many of `total` a down-setting names: an integer count, a ratio (0..1, rounded), or
 * `{ count }` / `{ ratio }`. Throws when it is out of range.
 * @example
 * downCount({ ratio: 0.8 }, 10, 'IP phones'); // 8
 */
export function downCount(
  arg: number | { ratio: number } | { count: number },
  total: number,
  what: string,
): number {
  const n =
    typeof arg === 'number'
      ? Number.isInteger(arg)
        ? arg
        : Math.round(arg * total)
      : 'ratio' in arg
        ? Math.round(arg.ratio * total)
        : arg.count;
  if (n < 0 || n > total) throw new Error(`cannot set ${n} of ${total} ${what} down`);
  return n;
}
