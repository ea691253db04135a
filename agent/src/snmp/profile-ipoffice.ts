import type { StationReading } from '../poll/types.js';
import type { ColumnCells } from './column-walk.js';
import { phoneClass, phoneTypeName } from './ipo-phone-types.js';
import { ipoPhonesColumn } from './oids.js';
import { joinColumns } from './table-rows.js';

/**
 * Which name column to read: UserShort (.4, 15 chars) or UserLong (.5, 31 chars).
 * @example
 * ipoStationColumns('short'); // reads ipoPhonesUserShort
 */
export type IpoNameColumn = 'short' | 'long';

/**
 * The four ipoPhonesTable columns the agent reads (never the whole table): ExtNumber, a name,
 * Type and IPAddress.
 * @example
 * ipoStationColumns('long');
 * // ['….2.1.3', '….2.1.5', '….2.1.6', '….2.1.10']
 */
export function ipoStationColumns(name: IpoNameColumn = 'long'): string[] {
  return [
    ipoPhonesColumn('extNumber'),
    ipoPhonesColumn(name === 'short' ? 'userShort' : 'userLong'),
    ipoPhonesColumn('type'),
    ipoPhonesColumn('ipAddress'),
  ];
}

/**
 * Turns ipoPhonesTable column walks into stations (detection.md): connected when the row is
 * present, its Type is not noPhone and, for an IP phone type, its IPAddress is not 0.0.0.0.
 * Analogue and virtual types are unmonitored (`connected: null`).
 * @example
 * const stations = ipoStationsFromColumns(walk.value); // walk of ipoStationColumns()
 * stations.filter((s) => s.connected === false).map((s) => s.key);
 */
export function ipoStationsFromColumns(
  columns: ReadonlyMap<string, ColumnCells>,
  name: IpoNameColumn = 'long',
): StationReading[] {
  const [extCol, nameCol, typeCol, ipCol] = ipoStationColumns(name) as [string, string, string, string];
  return joinColumns(columns).map((row) => {
    const ext = row.get(extCol);
    const label = row.get(nameCol);
    const typeCode = row.get(typeCol);
    const ip = row.get(ipCol);
    const station: StationReading = { key: ext != null ? String(ext) : row.instance, connected: null };
    if (ext != null) station.extension = String(ext);
    if (typeof label === 'string' && label !== '') station.name = label;
    if (typeof ip === 'string' && ip !== '0.0.0.0') station.ip = ip;
    if (typeof typeCode === 'number') {
      station.type = phoneTypeName(typeCode);
      station.connected = connectedFor(typeCode, ip);
    }
    return station;
  });
}

function connectedFor(typeCode: number, ip: string | number | null | undefined): boolean | null {
  switch (phoneClass(typeCode)) {
    case 'none':
      return false;
    case 'digital':
      return true;
    case 'ip':
      // Missing IPAddress column (pre-2009 firmware has no ipoPhones2Group): cannot tell.
      if (ip === undefined || ip === null) return null;
      return ip !== '0.0.0.0' && ip !== '';
    default:
      return null;
  }
}
