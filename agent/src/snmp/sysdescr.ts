/**
 * Model and release read from sysDescr.
 * @example
 * const info: SysDescrInfo = { model: 'IP 500 V2', release: '9.1.0.0', build: 437 };
 */
export interface SysDescrInfo {
  model?: string;
  release?: string;
  build?: number;
}

// A release is dotted numbers (at least one dot), optionally `R`/`V`-prefixed and letter-suffixed.
const RELEASE = /(?:^|[\s_-])(?:Ver(?:sion)?\.?\s*|[RrVv])?(\d+(?:\.\d+)+[A-Za-z]*)(?:\((\d+)\))?/;
const BUILD = /\bbuild\s*[:#]?\s*(\d+)/i;
const IPECS_MODEL = /\b(eMG\s?\d+|UCP\s?\d+|LIK[-\s]?\w+|MG\d+|iPECS[-\s]CM|SBG\d+)\b/i;

/**
 * IP Office: `IP 500 V2 9.1.0.0 build 437`, `IP Office 500 V2 11.1.3.1.0 build 5`,
 * `IP Office Server Edition 11.1.2.0.0 build 239`, `IP 406 DS 4.2(15)`: the model is the text
 * before the release.
 * @example
 * parseIpOfficeSysDescr('IP 500 V2 9.1.0.0 build 437');
 * // { model: 'IP 500 V2', release: '9.1.0.0', build: 437 }
 */
export function parseIpOfficeSysDescr(text: string): SysDescrInfo {
  const s = text.replace(/\s+/g, ' ').trim();
  const m = RELEASE.exec(s);
  if (!m) return s ? { model: s } : {};
  const model = s
    .slice(0, m.index)
    .replace(/^Avaya\s+/i, '')
    .replace(/[\s,;:(-]+$/, '')
    .trim();
  const buildText = BUILD.exec(s.slice(m.index))?.[1] ?? m[2];
  const out: SysDescrInfo = { release: m[1]! };
  if (model) out.model = model;
  if (buildText) out.build = Number(buildText);
  return out;
}

/**
 * iPECS (Ericsson-LG): the model is the eMG/UCP/LIK/MG name wherever it appears, the release the
 * first dotted number, e.g. `iPECS eMG800 Ver 3.1.2` or `Ericsson-LG iPECS-UCP2400 4.0.12`.
 * These formats are educated guesses; an unknown text still yields what can be found.
 * @example
 * parseIpecsSysDescr('iPECS eMG800 Ver 3.1.2'); // { model: 'eMG800', release: '3.1.2' }
 */
export function parseIpecsSysDescr(text: string): SysDescrInfo {
  const s = text.replace(/\s+/g, ' ').trim();
  const out: SysDescrInfo = {};
  const model = IPECS_MODEL.exec(s);
  if (model) out.model = model[1]!.replace(/\s/g, '').replace(/^ipecs-?cm$/i, 'iPECS-CM');
  // Search for the release after the model name, so `UCP2400` is never read as a version.
  const rest = model ? s.slice(model.index + model[0].length) : s;
  const rel = RELEASE.exec(rest) ?? RELEASE.exec(s);
  if (rel) out.release = rel[1]!;
  const build = BUILD.exec(s);
  if (build) out.build = Number(build[1]);
  return out;
}

/**
 * Dispatches on the vendor profile; `generic` tries the IP Office shape (text, then release).
 * @example
 * parseSysDescr('ipecs', 'iPECS UCP600 Version 4.0.1'); // { model: 'UCP600', release: '4.0.1' }
 */
export function parseSysDescr(vendor: 'ipoffice' | 'ipecs' | 'generic', text: string): SysDescrInfo {
  return vendor === 'ipecs' ? parseIpecsSysDescr(text) : parseIpOfficeSysDescr(text);
}
