import type { V3Tags } from './tags.js';

/** One ATT&CK technique tag: `T1205.001` and `Traffic Signaling: Port Knocking`. */
export interface AttackTechnique {
  id: string;
  name: string;
}

/**
 * Lookups over the ATT&CK technique tags the server ships (loaded once, on first use): by technique id, by name
 * (a sub-technique also by its own part after `": "`), or by the one technique id found in a text. Answers are
 * formatted `"<id> - <name>"`, the form ThreatConnect shows them in.
 */
export class AttackTags {
  private loaded?: Promise<{ byId: Map<string, AttackTechnique>; byName: Map<string, AttackTechnique> }>;

  constructor(private readonly tags: V3Tags) {}

  async byId(id: string): Promise<string | undefined> {
    const t = (await this.load()).byId.get(id.trim().toUpperCase());
    return t && format(t);
  }

  async byName(name: string): Promise<string | undefined> {
    const t = (await this.load()).byName.get(name.trim().toLowerCase());
    return t && format(t);
  }

  /** The technique whose id appears in the text; none, or more than one different id, → undefined. */
  async inText(text: string): Promise<string | undefined> {
    const ids = new Set([...text.matchAll(/\b[Tt]\d{4}(?:\.\d{3})?\b/g)].map((m) => m[0].toUpperCase()));
    return ids.size === 1 ? this.byId([...ids][0]) : undefined;
  }

  private load() {
    this.loaded ??= (async () => {
      const byId = new Map<string, AttackTechnique>();
      const byName = new Map<string, AttackTechnique>();
      for await (const tag of this.tags.many({ tql: 'techniqueId is not null', resultLimit: 10_000 })) {
        if (!tag.techniqueId || !tag.name) continue;
        const t = { id: tag.techniqueId, name: tag.name };
        byId.set(t.id.toUpperCase(), t);
        const parts = t.name.split(': ');
        byName.set((parts.length > 1 ? parts[1] : t.name).trim().toLowerCase(), t);
      }
      return { byId, byName };
    })();
    return this.loaded;
  }
}

const format = (t: AttackTechnique): string => `${t.id} - ${t.name}`;
