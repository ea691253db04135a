// Child-process entry of the simulated SNMP agent (see sim-process.ts): options as argv JSON,
// control over IPC. Run by `node --import tsx`, so it works from source without a build.
import { type SnmpAgentSimOptions, startSnmpAgentSim } from './snmp-agent.js';

type Command =
  | { id: number; cmd: 'setStationsDown'; arg: number | { ratio: number } | { count: number } }
  | { id: number; cmd: 'setSnmpAnswering'; arg: boolean }
  | { id: number; cmd: 'restart' }
  | { id: number; cmd: 'close' };

const opts = JSON.parse(process.argv[2] ?? '{}') as SnmpAgentSimOptions;
const sim = await startSnmpAgentSim(opts);
process.send?.({ ready: true, port: sim.port, host: sim.host });
process.on('message', async (m: Command) => {
  let result: unknown = null;
  if (m.cmd === 'setStationsDown') result = sim.setStationsDown(m.arg);
  else if (m.cmd === 'setSnmpAnswering') sim.setSnmpAnswering(m.arg);
  else if (m.cmd === 'restart') sim.restart();
  else if (m.cmd === 'close') {
    await sim.close();
    process.send?.({ id: m.id, result }, () => process.exit(0));
    return;
  }
  process.send?.({ id: m.id, result });
});
process.on('disconnect', () => process.exit(0));
