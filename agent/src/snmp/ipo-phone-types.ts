/**
 * IPO-PHONES-MIB `PhoneType` (revision 2011-02-09, values 1–170), grouped by how the agent can
 * tell whether such a station is connected:
 * - `ip`: H.323/SIP/soft phones and IP video endpoints: connected when ipoPhonesIPAddress ≠ 0.0.0.0;
 * - `digital`: DCP/BST/ETR/T3 wired sets and DECT handsets: the PBX reports `noPhone` when unplugged,
 *   so a row with this type is connected;
 * - `analogue`: potPhone, ETR POTS, door phones, ATA ports: they always look present → unmonitored;
 * - `virtual`: twinning, telecommuter, application servers: not a desk station → unmonitored;
 * - `none`: noPhone(1), nothing connected.
 * Assumption (documented in the report): codes above 170 come from newer firmware, where every
 * added type is an IP/SIP endpoint (J100, Vantage, Workplace…), so they are treated as `ip`.
 * @example
 * const c: PhoneClass = phoneClass(3); // 'analogue'
 */
export type PhoneClass = 'ip' | 'digital' | 'analogue' | 'virtual' | 'none';

// Index = PhoneType code; index 0 is unused.
const NAMES: readonly string[] = [
  '',
  ...`
noPhone genericPhone potPhone dtPhone a4406Dplus a4412Dplus a4424Dplus a4424LDplus a9040TransTalk
a6408Dplus a6416Dplus a6424Dplus a4606ip a4612ip a4624ip a4620ip a4602ip a2420 a2010dt a2020dt
a2030dt a2050dt act5 att3 att5 a5420 a5410 a4601ip a4610ip ablf a2402 a2410 a5610ip a5620ip
softIPPhone a5601ip a5602ip a4621ip a5621ip a4625ip a5402 h323Phone sipPhone t3Compact t3Classic
t3Comfort t3Phone t3compactIP t3classicIP t3comfortIP avayaSip admmPhone a9620ip a9630ip
telecommuter mobiletwin a9640ip a9650ip a9610ip a1603ip a1608ip a1616ip a1703ip a1708ip a1716ip
s60Sip sp320Sip sp601Sip a10ataSip pmataSip ip22Sip ip24Sip gxp2000Sip gxp2020Sip eyebeamSip a1403
a1408 a1416 a1450 ip28Sip phoneManagerIP a1503 a1508 a1516 a1550 a1603Lip a1608Lip a1616Lip
softPhoneSip etr34d etr18d etr6d etr34 etr18 etr6 etrpots doorphone1 doorphone2 bstT7316e a9620Sip
a9630Sip a9640Sip a9650Sip a96xxSip a1603Sip a9404 a9408 a9504 a9508 a9608ip a9611ip a9621ip a9641ip
a3720Admm a3725Admm a1010Sip a1040Sip a1120ESip a1140ESip a1220Sip a1230Sip a1692Sip pvvxSip
gxv3140Sip a3740Admm a3749Admm bstT7316 bstT7208 bstM7208 bstM7310 bstM7310blf bstM7324 bstM7100
bstT7100 bstT7000 bstDectA bstDectB bstDectC bstDoorphone bstT7406 bstT7406E bstM7310N bstAcu
bstM7100N bstM7324N bstM7208N aB179Sip bstAta aA175Sip aOneXSip aFlareSip aD100 aRadvisionXT1000
aRadvisionXT1200 aRadvisionXT4000 aRadvisionXT4200 aRadvisionXT5000 aRadvisionXTPiccolo
aRadvisionScopiaMCU aRadvisionScopiaVC240 aOneXSipMobile aACCSServer aCIEServer aE129SIP aE159SIP
aE169SIP aOneXMsiSIP aRadvisionXT240 aWebRTCSIP softPhoneSipMac
`
    .trim()
    .split(/\s+/),
];

const ANALOGUE = new Set([2, 3, 96, 97, 98, 139, 148]);
const VIRTUAL = new Set([55, 56, 162, 163]);
// Wired digital, DECT (ADMM/BST) and BST system sets with no IP address.
const DIGITAL = new Set([
  4, 5, 6, 7, 8, 9, 10, 11, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 41, 44, 45, 46, 47, 52,
  76, 77, 78, 79, 82, 83, 84, 85, 90, 91, 92, 93, 94, 95, 99, 106, 107, 108, 109, 114, 115, 125, 126, 127,
  128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 140, 141, 142, 143, 144, 145, 146,
]);

/**
 * The class of a PhoneType code (see the module comment).
 * @example
 * phoneClass(110); // 'ip' (a9608ip)
 * phoneClass(3);   // 'analogue' (potPhone)
 */
export function phoneClass(code: number): PhoneClass {
  if (code === 1) return 'none';
  if (ANALOGUE.has(code)) return 'analogue';
  if (VIRTUAL.has(code)) return 'virtual';
  if (DIGITAL.has(code)) return 'digital';
  return 'ip';
}

/**
 * The MIB label of a PhoneType code, or `type<N>` for a code this table does not know.
 * @example
 * phoneTypeName(3); // 'potPhone'
 */
export function phoneTypeName(code: number): string {
  return (code > 0 && NAMES[code]) || `type${code}`;
}
