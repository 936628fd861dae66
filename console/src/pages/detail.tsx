import { Fragment } from 'preact';
import type { ItemDetail, ItemKind } from '../../../src/platform/console/types.js';
import { AssociationGraph } from '../graph.js';
import { useApi } from '../hooks.js';
import { href, type Route } from '../router.js';
import { Empty, ErrorBox, Section, when } from '../ui.js';

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.filter((x) => x !== null).join(', ');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return when(v);
  return String(v);
}

export function DetailPage({ route }: { route: Route }) {
  const [kind, id] = route.parts as [ItemKind, string];
  const { data, error } = useApi<ItemDetail>(`/console/items/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
  if (!data) return <ErrorBox error={error} />;
  const fields = Object.entries(data.fields).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <div class="page">
      <Section
        title={`${data.type}: ${data.summary}`}
        actions={<a href={href('browse', [], { owner: data.owner.id, kind: data.kind, type: data.type })}>{data.owner.name}</a>}
      >
        <dl class="fields" data-testid="fields">
          <dt>id</dt>
          <dd>{data.id}</dd>
          <dt>owner</dt>
          <dd>
            {data.owner.name} ({data.owner.type})
          </dd>
          {fields.map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </Fragment>
          ))}
        </dl>
      </Section>
      <div class="columns">
        <Section title="Tags">
          {data.tags.length ? (
            <ul class="chips" data-testid="tags">
              {data.tags.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <Empty>No tags.</Empty>
          )}
        </Section>
        <Section title="Security labels">
          {data.securityLabels.length ? (
            <ul class="chips labels" data-testid="labels">
              {data.securityLabels.map((l) => (
                <li key={l.name}>{l.name}</li>
              ))}
            </ul>
          ) : (
            <Empty>No security labels.</Empty>
          )}
        </Section>
      </div>
      <Section title="Attributes">
        {data.attributes.length ? (
          <table class="grid" data-testid="attributes">
            <thead>
              <tr>
                <th>Type</th>
                <th>Value</th>
                <th>Displayed</th>
                <th>Source</th>
                <th>Labels</th>
                <th>Added</th>
              </tr>
            </thead>
            <tbody>
              {data.attributes.map((a) => (
                <tr key={a.id}>
                  <td>{a.type}</td>
                  <td class="value">{a.value}</td>
                  <td>{a.displayed ? 'yes' : ''}</td>
                  <td>{a.source ?? ''}</td>
                  <td>{a.securityLabels.join(', ')}</td>
                  <td>{when(a.dateAdded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No attributes.</Empty>
        )}
      </Section>
      <Section title="Associations">
        {data.associations.length ? (
          <div class="assoc">
            <AssociationGraph item={data} />
            <ul class="links" data-testid="associations">
              {data.associations.map((l) => (
                <li key={`${l.kind}${l.id}`}>
                  <span class={`kind ${l.kind}`}>{l.type}</span>{' '}
                  {l.kind === 'victim' ? l.summary : <a href={href('item', [l.kind, l.id])}>{l.summary}</a>}
                  {l.association ? <span class="hint"> ({l.association})</span> : null}
                  {l.owner !== data.owner.name ? <span class="hint"> in {l.owner}</span> : null}
                </li>
              ))}
              {Object.entries(data.moreAssociations).map(([k, n]) => (
                <li key={`more${k}`} class="hint">
                  and {n} more {k} associations
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <Empty>No associations.</Empty>
        )}
      </Section>
      {data.kind === 'indicator' ? (
        <div class="columns">
          <Section title="Observations">
            {data.observations.length ? (
              <table class="grid">
                <thead>
                  <tr>
                    <th>Day</th>
                    <th class="num">Count</th>
                  </tr>
                </thead>
                <tbody>
                  {data.observations.map((o) => (
                    <tr key={o.dateObserved}>
                      <td>{when(o.dateObserved)}</td>
                      <td class="num">{o.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No observations.</Empty>
            )}
          </Section>
          <Section title="False positives">
            {data.falsePositives.length ? (
              <table class="grid">
                <thead>
                  <tr>
                    <th>User</th>
                    <th>Day</th>
                    <th>Reported</th>
                  </tr>
                </thead>
                <tbody>
                  {data.falsePositives.map((f) => (
                    <tr key={`${f.userName}${f.day}`}>
                      <td>{f.userName}</td>
                      <td>{f.day}</td>
                      <td>{when(f.reported)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No false positives reported.</Empty>
            )}
          </Section>
        </div>
      ) : null}
    </div>
  );
}
