import { describe, expect, it } from 'vitest';
import { clockCaseSchema, runClockCase } from '../cli/cases.js';
import vectors from '../fixtures/sla-vectors.json' with { type: 'json' };

interface Expect {
  due: string;
  elapsedSeconds?: number;
  remainingSeconds?: number;
  breached?: boolean;
}

describe('sla-vectors.json (sla-semantics.md worked cases)', () => {
  it('has the shipped cases', () => {
    expect(vectors.cases.length).toBe(17);
  });
  for (const raw of vectors.cases) {
    it(raw.name, () => {
      const exp = raw.expect as Expect;
      const r = runClockCase(clockCaseSchema.parse(raw));
      // Same text as the vector: the second and the zone's offset formatting both count.
      expect(r.due).toBe(exp.due);
      if (exp.elapsedSeconds !== undefined) expect(r.elapsedSeconds).toBe(exp.elapsedSeconds);
      if (exp.remainingSeconds !== undefined) expect(r.remainingSeconds).toBe(exp.remainingSeconds);
      if (exp.breached !== undefined) expect(r.breached).toBe(exp.breached);
    });
  }
});
