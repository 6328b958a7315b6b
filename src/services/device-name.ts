import Bowser from 'bowser';

/**
 * A user agent as people say it: "Chrome on Windows", "Safari on iOS". Unknown or missing agents
 * read "Unknown device"; API clients without a browser read by their product name when one parses.
 */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const r = Bowser.parse(userAgent);
  const browser = r.browser.name;
  const os = r.os.name;
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  if (os) return `A device on ${os}`;
  return 'Unknown device';
}
