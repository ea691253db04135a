import * as z from 'zod/mini';

/**
 * A secret as written in the config: inline, or a reference to a file or an environment variable,
 * so that a config file can be world-readable while the secret is not.
 * @example
 * secretRefSchema.parse({ file: '/etc/pbxwatch/secret' }); // { file: '/etc/pbxwatch/secret' }
 */
export const secretRefSchema = z.union([
  z.string().check(z.minLength(1, 'must not be empty')),
  z.strictObject({ file: z.string().check(z.minLength(1, 'must not be empty')) }),
  z.strictObject({
    env: z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name')),
  }),
]);

/**
 * A secret reference as accepted by {@link secretRefSchema}.
 * @example
 * const s: SecretRef = { env: 'PBXWATCH_BROKER_PASSWORD' };
 */
export type SecretRef = z.infer<typeof secretRefSchema>;

/** Where secrets are read from; injected so that tests need no real files or environment. */
export interface SecretSources {
  readFile(path: string): string;
  env: Record<string, string | undefined>;
}

/**
 * Resolves one secret reference, or returns an error message (without the secret) for the caller
 * to attach to the field path.
 * @example
 * resolveSecret({ env: 'PW' }, { env: { PW: 'x' }, readFile }); // { ok: true, value: 'x' }
 */
export function resolveSecret(
  ref: SecretRef,
  src: SecretSources,
): { ok: true; value: string } | { ok: false; error: string } {
  if (typeof ref === 'string') return { ok: true, value: ref };
  if ('env' in ref) {
    const v = src.env[ref.env];
    if (v === undefined || v === '')
      return { ok: false, error: `environment variable ${ref.env} is not set` };
    return { ok: true, value: v };
  }
  let text: string;
  try {
    text = src.readFile(ref.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { ok: false, error: `cannot read secret file ${ref.file} (${code})` };
  }
  // A trailing newline is what `echo secret > file` leaves; it is never part of the secret.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, error: `secret file ${ref.file} is empty` };
  return { ok: true, value };
}
