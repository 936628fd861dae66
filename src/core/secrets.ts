// Secrets are masked by value, not by field name, so a secret that leaks into a URL, a header or an error
// message is caught wherever it lands.
const registry = new Set<string>();

/** Registers a value that must never appear in logs, errors or reports. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) {
    registry.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) registry.add(encoded);
    const form = new URLSearchParams({ v: value }).toString().slice(2);
    if (form !== value) registry.add(form);
  }
}

export function maskSecrets(text: string, extra: Iterable<string | undefined> = []): string {
  let out = text;
  const all = [...registry, ...[...extra].filter((s): s is string => !!s && s.length >= 4)];
  // longest first so a secret that contains another is masked whole
  all.sort((a, b) => b.length - a.length);
  for (const secret of all) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** Masks a URL: secrets, proxy credentials, and query parameters whose names say they hold one. */
export function maskUrl(url: string, extra: Iterable<string | undefined> = []): string {
  let out = maskSecrets(url, extra);
  out = out.replace(/\/\/([^/@:]+):([^/@]+)@/, '//$1:***@');
  out = out.replace(/([?&](?:expiredToken|token|apiToken|secret|password|key)=)[^&#]*/gi, '$1***');
  return out;
}
