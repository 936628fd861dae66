// A small, known data set written straight into a test platform's store; every read in the tests goes over HTTP.
import { TRUSTED_WRITER, tiStore } from '../../src/platform/store/index.js';
import type { PlatformHandle } from '../../src/platform/index.js';

export const ORG = 'Example Organization';
export const COMMUNITY = 'Common Community';
export const MD5 = '8743B52063CD84097A65D1633F5C74F5';

export interface Seeded {
  ids: Record<string, number>;
}

export function seed(handle: PlatformHandle): Seeded {
  const ctx = handle.context;
  const store = tiStore(ctx);
  const org = ctx.directory.ownerByName(ORG)!.id;
  const community = ctx.directory.ownerByName(COMMUNITY)!.id;
  const ids: Record<string, number> = {};
  const red = store.meta.ensureLabel('TLP:RED');
  const ind = (key: string, owner: number, type: string, summary: string, rating: number | null, confidence: number | null, dateAdded: string, tags: string[] = [], label = false) => {
    const { id } = store.indicators.upsert(owner, { type, summary, rating, confidence, dateAdded, lastModified: dateAdded });
    for (const t of tags) store.meta.addTag({ kind: 'indicator', id }, owner, t);
    if (label) store.meta.addLabel({ kind: 'indicator', id }, red.id);
    ids[key] = id;
    return id;
  };
  store.transaction(() => {
    ind('a1', org, 'Address', '10.0.0.1', 5, 90, '2020-01-01T03:00:00Z', ['APT'], true);
    ind('a2', org, 'Address', '10.0.0.2', 1, 20, '2020-01-02T00:00:00Z', ['APT']);
    ind('h1', org, 'Host', 'bad.example.com', 3, 60, '2020-01-03T00:00:00Z', ['Crime'], true);
    ind('h2', org, 'Host', 'good.example.com', null, null, '2020-01-04T00:00:00Z');
    ind('u1', org, 'URL', 'http://bad.example.com/x', 4, 70, '2020-01-05T00:00:00Z', ['APT']);
    ind('f1', org, 'File', MD5, 2, 50, '2020-01-06T00:00:00Z');
    ind('c1', community, 'Address', '10.0.0.1', 4, 40, '2020-01-07T00:00:00Z', ['APT']);
    store.meta.addAttribute({ kind: 'indicator', id: ids.a2 }, { type: 'Description', value: 'second address' });
    const group = (key: string, type: string, name: string, extra: Record<string, unknown> = {}, tags: string[] = []) => {
      const g = store.groups.create(org, { type, name, dateAdded: '2021-03-01T00:00:00Z', ...extra });
      for (const t of tags) store.meta.addTag({ kind: 'group', id: g.id }, org, t);
      ids[key] = g.id;
      return g.id;
    };
    group('badGuy', 'Adversary', 'Bad Guy');
    group('otherGuy', 'Adversary', 'Other Guy', {}, ['APT']);
    group('breach', 'Incident', 'Breach', { eventDate: '2021-02-01T00:00:00Z' });
    group('threat', 'Threat', 'T1', {}, ['APT']);
    const link = (g: string, i: string) => store.associations.associate({ kind: 'group', id: ids[g] }, { kind: 'indicator', id: ids[i] }, '', TRUSTED_WRITER);
    const task = store.groups.create(org, { type: 'Task', name: 'Investigate', dateAdded: '2021-04-01T00:00:00Z' });
    ids.task = task.id;
    store.meta.addTag({ kind: 'group', id: task.id }, org, 'APT');
    const victim = store.victims.create(org, { name: 'Acme Corp' });
    ids.victim = victim.id;
    store.victims.addAsset(victim.id, 'EmailAddress', { address: 'ceo@acme.example' });
    link('badGuy', 'a1');
    link('badGuy', 'h1');
    link('breach', 'a2');
    link('breach', 'h1');
    store.associations.associate({ kind: 'group', id: ids.badGuy }, { kind: 'group', id: ids.task }, '', TRUSTED_WRITER);
    store.associations.associate({ kind: 'group', id: ids.badGuy }, { kind: 'victim', id: ids.victim }, '', TRUSTED_WRITER);
  });
  return { ids };
}
