import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of a throw-away PKI made with the openssl CLI. */
export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  client(cn: string): Promise<{ cert: string; key: string }>;
}

/**
 * Makes a CA, a server certificate for 127.0.0.1/localhost, and client certificates on demand, in
 * `dir` (a temp dir; nothing is committed). EC P-256 keeps it fast.
 */
export async function makeTestPki(dir: string): Promise<TestPki> {
  const p = (f: string) => join(dir, f);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=pbxwatch test CA',
  );
  const issue = async (name: string, cn: string, ext: string) => {
    await openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      p(`${name}.key`),
      '-out',
      p(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    );
    await writeFile(p(`${name}.ext`), ext);
    await openssl(
      'x509',
      '-req',
      '-in',
      p(`${name}.csr`),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      p(`${name}.ext`),
    );
    return { cert: p(`${name}.pem`), key: p(`${name}.key`) };
  };
  const server = await issue(
    'server',
    'localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  return {
    caCert: p('ca.pem'),
    serverCert: server.cert,
    serverKey: server.key,
    client: (cn) => issue(`client-${cn}`, cn, 'extendedKeyUsage=clientAuth\n'),
  };
}
