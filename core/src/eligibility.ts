/** One eligibility rule's verdict, as reported on the site page. */
export interface EligibilityCheck {
  rule: string;
  ok: boolean;
  message: string;
}

/** What the agent learnt about the PBX from sysDescr. */
export interface PbxIdentity {
  vendor: 'ipoffice' | 'ipecs' | 'generic';
  model?: string;
  release?: string;
}

/**
 * Compares dotted numeric versions (`9.1.0.0`, `3.0.8`, `R8.1`); missing parts count as 0.
 * Returns a negative, zero or positive number, or `null` when either is not a version.
 * @example
 * compareVersions('8.1', '8.0.9'); // > 0
 */
export function compareVersions(a: string, b: string): number | null {
  const parse = (v: string) => {
    const m = /^[Rr]?(\d+(?:\.\d+)*)/.exec(v.trim());
    return m ? (m[1] as string).split('.').map(Number) : null;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function minimum(rule: string, product: string, release: string | undefined, min: string, below: string) {
  if (!release)
    return { rule, ok: false, message: `${product} release unknown: cannot check the ${min} minimum` };
  const cmp = compareVersions(release, min);
  if (cmp === null)
    return { rule, ok: false, message: `${product} release ${release} is not a version number` };
  return cmp >= 0
    ? { rule, ok: true, message: `${product} release ${release} is ${min} or later` }
    : { rule, ok: false, message: `${product} release ${release} is older than ${min}: ${below}` };
}

/**
 * The eligibility rules of `plans.md` that the agent can check from the reported model and release:
 * IP Office coverage needs R8.1 or later; iPECS eMG/UCP older than 3.0.8 is discontinued.
 * @example
 * checkEligibility({ vendor: 'ipoffice', model: 'IP 500 V2', release: '9.1.0.0' });
 * // [{ rule: 'ipoffice-min-release', ok: true, message: 'IP Office release 9.1.0.0 is 8.1 or later' }]
 */
export function checkEligibility(pbx: PbxIdentity): EligibilityCheck[] {
  if (pbx.vendor === 'ipoffice') {
    return [
      minimum('ipoffice-min-release', 'IP Office', pbx.release, '8.1', 'upgrade before coverage starts'),
    ];
  }
  if (pbx.vendor === 'ipecs') {
    return [minimum('ipecs-min-release', 'iPECS', pbx.release, '3.0.8', 'discontinued, no support')];
  }
  return [];
}
