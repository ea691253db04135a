import { validatePlan } from './parse-plan.js';
import type { Plan } from './plan-schema.js';
import { CARE_PRESETS } from './presets-care.js';
import { ROI_PRESETS } from './presets-roi.js';
import { VENDOR_PRESETS } from './presets-vendors.js';

const SOURCES = [...ROI_PRESETS, ...VENDOR_PRESETS, ...CARE_PRESETS];

/**
 * Names of the built-in plan presets (plans.md).
 * @example
 * PRESET_NAMES.includes('roi-tm'); // true
 */
export const PRESET_NAMES = [
  'roi-priority',
  'roi-spp',
  'roi-spp-sa',
  'roi-tm',
  'ipcelerate',
  'presence-ipecs',
  'avst-xpresscare-na',
  'avst-xpresscare-emea',
  'bencomm-basiccare',
  'bencomm-totalcare',
] as const;

/**
 * A built-in preset name.
 * @example
 * const n: PresetName = 'ipcelerate';
 */
export type PresetName = (typeof PRESET_NAMES)[number];

// Validated on first use (through the same schema as user plans) and shared, frozen.
const parsed = new Map<string, Plan>();

/**
 * True when `name` is a built-in preset.
 * @example
 * isPresetName('roi-tm'); // true
 */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * A built-in plan preset, validated and frozen; the same object on every call (so its compiled
 * calendar is cached). Throws naming the known presets for an unknown name.
 * @example
 * getPreset('ipcelerate').priorities.P1?.response; // { target: { clockHours: 2 } }
 */
export function getPreset(name: string): Plan {
  let plan = parsed.get(name);
  if (!plan) {
    const source = isPresetName(name) ? SOURCES.find((p) => p.name === name) : undefined;
    if (!source)
      throw new Error(`unknown plan preset ${JSON.stringify(name)} (known: ${PRESET_NAMES.join(', ')})`);
    plan = validatePlan(source);
    parsed.set(name, plan);
  }
  return plan;
}

/**
 * Every built-in preset, in plans.md order.
 * @example
 * listPresets().map((p) => p.name); // ['roi-priority', 'roi-spp', …]
 */
export function listPresets(): Plan[] {
  return PRESET_NAMES.map((n) => getPreset(n));
}
