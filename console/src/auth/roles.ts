import { z } from 'zod';

/**
 * Roles of API tokens and users: admin manages everything, noc works tickets, readonly reads.
 * @example
 * ROLES.includes('noc'); // true
 */
export const ROLES = ['admin', 'noc', 'readonly'] as const;
/**
 * A role.
 * @example
 * const r: Role = 'noc';
 */
export type Role = (typeof ROLES)[number];
/**
 * Zod schema for {@link Role}.
 * @example
 * roleSchema.parse('admin');
 */
export const roleSchema = z.enum(ROLES);

const RANK: Record<Role, number> = { readonly: 0, noc: 1, admin: 2 };

/**
 * Whether `have` includes the rights of `need` (admin ⊇ noc ⊇ readonly).
 * @example
 * roleAllows('admin', 'noc'); // true
 */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}
