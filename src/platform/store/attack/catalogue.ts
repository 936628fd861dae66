import { ATTACK_TECHNIQUES } from './techniques.js';

/** A MITRE ATT&CK technique tag the platform ships: shared by every owner, read-only. */
export interface AttackTag {
  id: number;
  /** `T0800`, `T1205.001` */
  techniqueId: string;
  /** the technique name, as items carry it ("Activate Firmware Update Mode") */
  name: string;
  tactics: string[];
}

/**
 * ATT&CK tag ids sit above every id the tag table will hand out, and follow from the technique id (T0800 →
 * 1000800000, T1205.001 → 1001205001), so they stay the same across restarts and catalogue rebuilds.
 */
export const ATTACK_TAG_ID_BASE = 1_000_000_000;

function tagId(techniqueId: string): number {
  const [main, sub] = techniqueId.slice(1).split('.');
  return ATTACK_TAG_ID_BASE + Number(main) * 1000 + Number(sub ?? 0);
}

let catalogue: AttackTag[] | undefined;

/** Every technique tag, in technique order. */
export function attackTags(): readonly AttackTag[] {
  catalogue ??= ATTACK_TECHNIQUES.map(([techniqueId, name, tactics]) => ({
    id: tagId(techniqueId),
    techniqueId,
    name,
    tactics: tactics ? tactics.split(',') : [],
  }));
  return catalogue;
}

export function attackTagById(id: number): AttackTag | undefined {
  return id > ATTACK_TAG_ID_BASE ? attackTags().find((t) => t.id === id) : undefined;
}
