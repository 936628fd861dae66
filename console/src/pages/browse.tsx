import { useEffect, useState } from 'preact/hooks';
import type { BrowsePage, BrowseSort, ItemKind, OwnerList } from '../../../src/platform/console/types.js';
import { qs } from '../api.js';
import { useApi } from '../hooks.js';
import { go, href, type Route } from '../router.js';
import { Empty, ErrorBox, Section, when } from '../ui.js';

const SORTS: Array<[BrowseSort, string]> = [
  ['newest', 'Newest first'],
  ['oldest', 'Oldest first'],
  ['value', 'Type, value A-Z'],
  ['valueDesc', 'Type, value Z-A'],
  ['modified', 'Last modified'],
];

/**
 * Indicators or groups of one owner. Pages follow a cursor (the key of the last row shown), so each page is one
 * index walk however deep it is; "Back" returns to cursors already seen. No total is counted.
 */
export function BrowsePageView({ route }: { route: Route }) {
  const p = route.params;
  // the owner list and type names only: the browse form never counts anything
  const list = useApi<OwnerList>('/console/owners');
  const owners = list.data?.owners ?? [];
  const owner = p.get('owner') ?? owners.find((o) => o.type === 'Source')?.id?.toString() ?? owners[0]?.id?.toString();
  const kind = (p.get('kind') as ItemKind | null) ?? 'indicator';
  const type = p.get('type') ?? '';
  const tql = p.get('tql') ?? '';
  const sort = (p.get('sort') as BrowseSort | null) ?? 'newest';
  const after = p.get('after') ?? '';
  const trail = (p.get('trail') ?? '').split('~').filter(Boolean);
  const [draft, setDraft] = useState(tql);
  useEffect(() => setDraft(tql), [tql]);

  const page = useApi<BrowsePage>(owner ? `/console/items${qs({ kind, owner, type, tql, sort, after, limit: 50 })}` : null);
  const types = (kind === 'indicator' ? list.data?.indicatorTypes : list.data?.groupTypes) ?? [];
  const base = { owner, kind, type, tql, sort };
  const set = (change: Record<string, string | undefined>) => go(href('browse', [], { ...base, ...change }));

  return (
    <div class="page">
      <Section title="Browse">
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            set({ tql: draft.trim() || undefined });
          }}
        >
          <label>
            Owner
            <select value={owner} onChange={(e) => set({ owner: e.currentTarget.value, type: undefined })} data-testid="owner">
              {owners.map((o) => (
                <option value={o.id} key={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Items
            <select value={kind} onChange={(e) => set({ kind: e.currentTarget.value, type: undefined })} data-testid="kind">
              <option value="indicator">Indicators</option>
              <option value="group">Groups</option>
            </select>
          </label>
          <label>
            Type
            <select value={type} onChange={(e) => set({ type: e.currentTarget.value || undefined })} data-testid="type">
              <option value="">any</option>
              {types.map((t) => (
                <option value={t} key={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sort
            <select value={sort} onChange={(e) => set({ sort: e.currentTarget.value })} data-testid="sort">
              {SORTS.map(([v, label]) => (
                <option value={v} key={v}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="grow">
            TQL
            <input
              type="search"
              value={draft}
              placeholder={kind === 'indicator' ? 'summary startswith "10." and rating >= 3' : 'name startswith "Emotet"'}
              onInput={(e) => setDraft(e.currentTarget.value)}
              data-testid="tql"
              spellcheck={false}
            />
          </label>
          <button type="submit" data-testid="search">
            Search
          </button>
        </form>
        {page.error ? <ErrorBox error={page.error} title={page.error.message.startsWith('Invalid TQL') ? 'Query refused' : 'Error'} /> : null}
        {page.data ? (
          <>
            {page.data.rows.length ? (
              <table class="grid" data-testid="results">
                <thead>
                  <tr>
                    <th>Type</th>
                    <th>{kind === 'indicator' ? 'Summary' : 'Name'}</th>
                    {kind === 'indicator' ? <th class="num">Rating</th> : null}
                    {kind === 'indicator' ? <th class="num">Confidence</th> : null}
                    {kind === 'indicator' ? <th>Active</th> : null}
                    <th>Added</th>
                    <th>Modified</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.rows.map((r) => (
                    <tr key={r.id}>
                      <td>{r.type}</td>
                      <td class="value">
                        <a href={href('item', [kind, r.id])}>{r.summary}</a>
                      </td>
                      {kind === 'indicator' ? <td class="num">{r.rating ?? ''}</td> : null}
                      {kind === 'indicator' ? <td class="num">{r.confidence ?? ''}</td> : null}
                      {kind === 'indicator' ? <td>{r.active ? 'yes' : 'no'}</td> : null}
                      <td>{when(r.dateAdded)}</td>
                      <td>{when(r.lastModified)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>{page.data.partial ? 'No match in the rows searched so far.' : 'Nothing matches.'}</Empty>
            )}
            <div class="pager">
              <button
                type="button"
                disabled={!after}
                onClick={() => set({ after: trail.at(-1) === '-' ? undefined : trail.at(-1), trail: trail.slice(0, -1).join('~') || undefined })}
              >
                Back
              </button>
              <span class="hint">
                {page.data.partial ? `searched ${page.data.scanned.toLocaleString()} rows, more to search` : `page ${trail.length + 1}`}
              </span>
              <button
                type="button"
                disabled={!page.data.next}
                data-testid="next"
                onClick={() => set({ after: page.data?.next, trail: [...trail, after || '-'].join('~') })}
              >
                {page.data.partial ? 'Search further' : 'Next'}
              </button>
            </div>
          </>
        ) : null}
      </Section>
    </div>
  );
}
