// `show proc` prints uptimes as `<d>d<hh>h<mm>m<ss>s` (e.g. 0d00h15m05s);
// `show info` prints `0d 0h12m50s` with a space. Accept both.
const UPTIME = /^(\d+)d\s*(\d+)h(\d+)m(\d+)s$/;

/** Seconds in an HAProxy uptime string, or undefined when it is not one. */
export function parseUptime(text: string): number | undefined {
  const match = UPTIME.exec(text.trim());
  if (!match) return undefined;
  const [, d, h, m, s] = match.map(Number);
  return ((d * 24 + h) * 60 + m) * 60 + s;
}
