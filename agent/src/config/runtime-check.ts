import type { AgentConfig } from './schema.js';

/** What this Node.js process can do that a valid config may still need. */
export interface RuntimeCapabilities {
  /** DES-CBC is available (OpenSSL 3 keeps it in the legacy provider). */
  des: boolean;
}

/**
 * Problems that make a valid config unusable by this process, as `path: message` lines like the
 * config's own errors, so `check-config` catches them on the installer's desk rather than the
 * service failing every poll on the gateway.
 * @example
 * runtimeIssues(cfg, { des: false });
 * // ['pbx.snmp.user.privProtocol: DES privacy needs OpenSSL's legacy provider: …']
 */
export function runtimeIssues(cfg: AgentConfig, can: RuntimeCapabilities): string[] {
  const issues: string[] = [];
  if (cfg.pbx.snmp?.version === '3' && cfg.pbx.snmp.user?.privProtocol === 'des' && !can.des) {
    issues.push(
      "pbx.snmp.user.privProtocol: DES privacy needs OpenSSL's legacy provider, which this node has not " +
        'loaded: put NODE_OPTIONS=--openssl-legacy-provider in /etc/pbxwatch/agent.env (or use aes if the PBX allows it)',
    );
  }
  return issues;
}
