import { describe, expect, it } from 'vitest';
import type { ColumnCells } from './column-walk.js';
import { phoneClass, phoneTypeName } from './ipo-phone-types.js';
import { customStationsFromColumns, customTableColumns } from './profile-generic.js';
import { interfacesFromColumns } from './profile-ipecs.js';
import { ipoStationColumns, ipoStationsFromColumns } from './profile-ipoffice.js';
import type { RawVarbind } from './varbind.js';

const E = '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1';
const vb = (oid: string, value: string | number, type = typeof value === 'number' ? 2 : 4): RawVarbind => ({
  oid,
  type,
  value,
});

/** Column walks as walkColumns returns them (instance → value), from varbinds with full OIDs. */
function walks(columns: [string, RawVarbind[]][]): Map<string, ColumnCells> {
  return new Map(
    columns.map(([column, vbs]) => [
      column,
      new Map(vbs.map((v) => [v.oid.slice(column.length + 1), v.value])),
    ]),
  );
}

/** Builds column walks from rows [index, ext, name, type, ip]. */
function ipoWalk(rows: [number, number, string, number, string][]) {
  return walks([
    [`${E}.3`, rows.map(([i, ext]) => vb(`${E}.3.${i}`, ext))],
    [`${E}.5`, rows.map(([i, , name]) => vb(`${E}.5.${i}`, name))],
    [`${E}.6`, rows.map(([i, , , type]) => vb(`${E}.6.${i}`, type))],
    [`${E}.10`, rows.map(([i, , , , ip]) => vb(`${E}.10.${i}`, ip, 64))],
  ]);
}

describe('IPO-PHONES-MIB PhoneType table', () => {
  it('names all 170 codes of the 2011 revision and classes the ones detection.md names', () => {
    expect(phoneTypeName(1)).toBe('noPhone');
    expect(phoneTypeName(3)).toBe('potPhone');
    expect(phoneTypeName(170)).toBe('softPhoneSipMac');
    expect(phoneTypeName(110)).toBe('a9608ip');
    expect(phoneTypeName(171)).toBe('type171');
    expect(phoneClass(1)).toBe('none');
    expect(phoneClass(3)).toBe('analogue');
    expect(phoneClass(110)).toBe('ip');
    expect(phoneClass(51)).toBe('ip'); // avayaSip
    expect(phoneClass(77)).toBe('digital'); // a1408
    expect(phoneClass(56)).toBe('virtual'); // mobiletwin
    expect(phoneClass(200)).toBe('ip'); // newer firmware: assumed IP
  });
});

describe('ipoStationsFromColumns', () => {
  it('applies the connected rule of detection.md', () => {
    const stations = ipoStationsFromColumns(
      ipoWalk([
        [1, 201, 'Reception', 110, '10.0.0.1'], // IP phone with an address: connected
        [2, 202, 'Sales', 110, '0.0.0.0'], // IP phone, 0.0.0.0: not connected
        [3, 203, 'Lobby', 3, '0.0.0.0'], // analogue: unmonitored
        [4, 204, '', 1, '0.0.0.0'], // noPhone: not connected
        [5, 205, 'Warehouse', 77, '0.0.0.0'], // digital set: connected while its type shows
        [6, 206, 'Twin', 56, '0.0.0.0'], // mobile twinning: unmonitored
      ]),
    );
    expect(stations).toEqual([
      { key: '201', extension: '201', name: 'Reception', type: 'a9608ip', ip: '10.0.0.1', connected: true },
      { key: '202', extension: '202', name: 'Sales', type: 'a9608ip', connected: false },
      { key: '203', extension: '203', name: 'Lobby', type: 'potPhone', connected: null },
      { key: '204', extension: '204', type: 'noPhone', connected: false },
      { key: '205', extension: '205', name: 'Warehouse', type: 'a1408', connected: true },
      { key: '206', extension: '206', name: 'Twin', type: 'mobiletwin', connected: null },
    ]);
  });

  it('keys by the table index when ExtNumber is missing, and is unmonitored without a Type', () => {
    const cols = ipoWalk([[7, 207, 'x', 110, '10.0.0.7']]);
    cols.set(`${E}.3`, new Map());
    cols.set(`${E}.6`, new Map());
    expect(ipoStationsFromColumns(cols)).toEqual([{ key: '7', name: 'x', ip: '10.0.0.7', connected: null }]);
  });

  it('an IP phone row without the IPAddress column (old firmware) is unmonitored', () => {
    const cols = ipoWalk([[1, 201, 'a', 110, '10.0.0.1']]);
    cols.set(`${E}.10`, new Map());
    expect(ipoStationsFromColumns(cols)[0]?.connected).toBeNull();
  });

  it('reads only four columns, UserShort or UserLong', () => {
    expect(ipoStationColumns('short')).toEqual([`${E}.3`, `${E}.4`, `${E}.6`, `${E}.10`]);
    expect(ipoStationColumns()).toEqual([`${E}.3`, `${E}.5`, `${E}.6`, `${E}.10`]);
  });
});

describe('custom station table', () => {
  const table = {
    tableOid: '1.3.6.1.4.1.99.1.1',
    keyColumn: 2,
    statusColumn: 5,
    upValues: ['1', 'registered'],
    nameColumn: 3,
  };
  it('walks key, status and name columns', () => {
    expect(customTableColumns(table)).toEqual([
      '1.3.6.1.4.1.99.1.1.2',
      '1.3.6.1.4.1.99.1.1.5',
      '1.3.6.1.4.1.99.1.1.3',
    ]);
    expect(
      customTableColumns({ ...table, statusColumn: '.1.3.6.1.4.1.99.2.7', nameColumn: undefined }),
    ).toEqual(['1.3.6.1.4.1.99.1.1.2', '1.3.6.1.4.1.99.2.7']);
  });

  it('maps status values through upValues as text', () => {
    const cols = walks([
      [
        '1.3.6.1.4.1.99.1.1.2',
        [
          vb('1.3.6.1.4.1.99.1.1.2.1', '100'),
          vb('1.3.6.1.4.1.99.1.1.2.2', '101'),
          vb('1.3.6.1.4.1.99.1.1.2.3', ''),
        ],
      ],
      [
        '1.3.6.1.4.1.99.1.1.5',
        [
          vb('1.3.6.1.4.1.99.1.1.5.1', 1),
          vb('1.3.6.1.4.1.99.1.1.5.2', 2),
          vb('1.3.6.1.4.1.99.1.1.5.3', 'registered'),
        ],
      ],
      ['1.3.6.1.4.1.99.1.1.3', [vb('1.3.6.1.4.1.99.1.1.3.1', 'Desk')]],
    ]);
    expect(customStationsFromColumns(table, cols)).toEqual([
      { key: '100', name: 'Desk', connected: true },
      { key: '101', connected: false },
      { key: '3', connected: true },
    ]);
  });
});

describe('interfacesFromColumns', () => {
  it('up is ifOperStatus up(1); anything else is down', () => {
    const cols = walks([
      ['1.3.6.1.2.1.2.2.1.2', [vb('1.3.6.1.2.1.2.2.1.2.1', 'eth0'), vb('1.3.6.1.2.1.2.2.1.2.3', 'eth1')]],
      ['1.3.6.1.2.1.2.2.1.8', [vb('1.3.6.1.2.1.2.2.1.8.1', 1), vb('1.3.6.1.2.1.2.2.1.8.3', 7)]],
    ]);
    expect(interfacesFromColumns(cols)).toEqual([
      { index: 1, name: 'eth0', up: true },
      { index: 3, name: 'eth1', up: false },
    ]);
  });
});
