/**
 * The console's address with the admin key in the fragment (`http://127.0.0.1:PORT/#key=...`): a fragment is never
 * sent to a server nor written to its logs, and the page moves the key into the tab's sessionStorage at once.
 */
export function consoleUrl(origin: string, adminKey?: string): string {
  return adminKey ? `${origin}/#key=${encodeURIComponent(adminKey)}` : `${origin}/`;
}
