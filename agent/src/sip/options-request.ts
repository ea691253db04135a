/**
 * Building the OPTIONS request of a probe (RFC 3261 §11.1, §8.1.1).
 */
import { formatHost, type SipTransport, type SipUri } from './sip-uri.js';

/** Everything that varies between two OPTIONS requests. */
export interface OptionsRequestParams {
  target: SipUri;
  transport: SipTransport;
  /** Our address and port as the peer should see them, for Via sent-by and Contact. */
  localHost: string;
  localPort: number;
  branch: string;
  callId: string;
  fromTag: string;
  cseq: number;
  userAgent: string;
}

/**
 * Build an OPTIONS request as text, ready to send.
 * @example
 * const text = buildOptionsRequest({
 *   target: parseSipUri('sip:10.0.0.5'), transport: 'udp', localHost: '10.0.0.2', localPort: 40000,
 *   branch: newBranch(), callId: newCallId('10.0.0.2'), fromTag: newTag(), cseq: 1,
 *   userAgent: 'pbxwatch-agent/0.1.0',
 * });
 */
export function buildOptionsRequest(p: OptionsRequestParams): string {
  const sentBy = `${formatHost(p.localHost)}:${p.localPort}`;
  const contactScheme = p.transport === 'tls' ? 'sips' : 'sip';
  const contactTransport = p.transport === 'udp' ? '' : `;transport=${p.transport}`;
  const lines = [
    // RFC 3261 §8.1.1.1: the Request-URI is the target URI; §19.1.5 drops URI headers ("?...") there.
    `OPTIONS ${p.target.text.split('?')[0]} SIP/2.0`,
    // RFC 3261 §8.1.1.7 (branch with magic cookie), §18.1.1 (transport in Via); RFC 3581 §3 (rport).
    `Via: SIP/2.0/${p.transport.toUpperCase()} ${sentBy};branch=${p.branch};rport`,
    // RFC 3261 §8.1.1.6: 70 hops.
    'Max-Forwards: 70',
    // RFC 3261 §8.1.1.2: To is the target, without a tag outside a dialog.
    `To: <${p.target.text.split('?')[0]}>`,
    // RFC 3261 §8.1.1.3: From carries a fresh tag.
    `From: "pbxwatch" <${contactScheme}:pbxwatch@${sentBy}>;tag=${p.fromTag}`,
    `Call-ID: ${p.callId}`,
    // RFC 3261 §8.1.1.5: sequence number and the method.
    `CSeq: ${p.cseq} OPTIONS`,
    // RFC 3261 §11.1: OPTIONS may carry a Contact.
    `Contact: <${contactScheme}:pbxwatch@${sentBy}${contactTransport}>`,
    // RFC 3261 §11.1: Accept is advised; application/sdp is what a UA would answer with.
    'Accept: application/sdp',
    `User-Agent: ${p.userAgent}`,
    'Content-Length: 0',
    '',
    '',
  ];
  return lines.join('\r\n');
}
