// Runs one SNMP GET + ifTable column walk in a separate node process and prints the outcome as
// JSON: used to exercise DES privacy, which needs `--openssl-legacy-provider` on OpenSSL 3.
import { openSnmpSession, type SnmpTargetOptions } from '../../agent/src/snmp/session.js';

const target = JSON.parse(process.argv[2] ?? '{}') as SnmpTargetOptions;
const opened = openSnmpSession(target);
if (!opened.ok) {
  console.log(JSON.stringify({ ok: false, error: opened.error }));
} else {
  const sys = await opened.value.get(['1.3.6.1.2.1.1.1.0']);
  const walk = await opened.value.walkColumns(['1.3.6.1.2.1.2.2.1.2']);
  opened.value.close();
  console.log(
    JSON.stringify({
      ok: sys.ok && walk.ok,
      sysDescr: sys.ok ? sys.value[0]?.value : sys.error,
      ifDescr: walk.ok ? [...(walk.value.get('1.3.6.1.2.1.2.2.1.2')?.values() ?? [])] : walk.error,
    }),
  );
}
