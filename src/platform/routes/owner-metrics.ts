import type { Db } from '../db/index.js';

const INDICATOR_KEYS: Record<string, string> = {
  Host: 'totalHost',
  Address: 'totalAddress',
  EmailAddress: 'totalEmailAddress',
  File: 'totalFile',
  URL: 'totalUrl',
};
const GROUP_KEYS: Record<string, string> = {
  Threat: 'totalThreat',
  Incident: 'totalIncident',
  Email: 'totalEmail',
  Campaign: 'totalCampaign',
  Adversary: 'totalAdversary',
  Signature: 'totalSignature',
  Document: 'totalDocument',
};

interface DayCount {
  day: string;
  key: string;
  n: number;
  ratingSum?: number;
  ratingN?: number;
  confidenceSum?: number;
  confidenceN?: number;
}

/**
 * Daily owner metrics for the last 30 days, oldest first. The platform keeps no metric history, so each day's
 * totals are derived from what exists now and when it was added (items deleted since are not counted on any day).
 */
export function ownerMetrics(db: Db, ownerIds: number[], today: Date): Array<Record<string, unknown>> {
  if (ownerIds.length === 0) return [];
  const marks = ownerIds.map(() => '?').join(',');
  const counts: DayCount[] = [
    ...(db
      .prepare(
        `SELECT substr(date_added,1,10) AS day, type AS key, count(*) AS n,
                sum(rating) AS ratingSum, count(rating) AS ratingN, sum(confidence) AS confidenceSum, count(confidence) AS confidenceN
         FROM ti_indicators WHERE owner_id IN (${marks}) GROUP BY day, type`,
      )
      .all(...ownerIds) as DayCount[]).map((r) => ({ ...r, key: `i:${r.key}` })),
    ...(db
      .prepare(`SELECT substr(date_added,1,10) AS day, type AS key, count(*) AS n FROM ti_groups WHERE owner_id IN (${marks}) GROUP BY day, type`)
      .all(...ownerIds) as DayCount[]).map((r) => ({ ...r, key: `g:${r.key}` })),
    ...(db
      .prepare(`SELECT substr(date_added,1,10) AS day, 'tag' AS key, count(*) AS n FROM ti_tags WHERE owner_id IN (${marks}) GROUP BY day`)
      .all(...ownerIds) as DayCount[]),
    ...(db
      .prepare(
        `SELECT substr(a.date_added,1,10) AS day, 'attr:' || a.item_kind AS key, count(*) AS n FROM ti_attributes a
         LEFT JOIN ti_indicators i ON a.item_kind = 'indicator' AND i.id = a.item_id
         LEFT JOIN ti_groups g ON a.item_kind = 'group' AND g.id = a.item_id
         WHERE coalesce(i.owner_id, g.owner_id) IN (${marks}) GROUP BY day, a.item_kind`,
      )
      .all(...ownerIds) as DayCount[]),
  ];
  const days: string[] = [];
  for (let back = 29; back >= 0; back--) days.push(new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10));

  return days.map((day) => {
    const row: Record<string, number | string> = { metricDate: day };
    let ratingSum = 0;
    let ratingN = 0;
    let confidenceSum = 0;
    let confidenceN = 0;
    const add = (key: string, n: number) => (row[key] = ((row[key] as number | undefined) ?? 0) + n);
    for (const key of ['totalIndicator', ...Object.values(INDICATOR_KEYS), 'totalGroup', ...Object.values(GROUP_KEYS), 'totalTask', 'totalTag', 'totalIndicatorAttribute', 'totalGroupAttribute']) row[key] = 0;
    for (const c of counts) {
      if (c.day > day) continue;
      if (c.key.startsWith('i:')) {
        add('totalIndicator', c.n);
        const k = INDICATOR_KEYS[c.key.slice(2)];
        if (k) add(k, c.n);
        ratingSum += c.ratingSum ?? 0;
        ratingN += c.ratingN ?? 0;
        confidenceSum += c.confidenceSum ?? 0;
        confidenceN += c.confidenceN ?? 0;
      } else if (c.key === 'g:Task') add('totalTask', c.n);
      else if (c.key.startsWith('g:')) {
        add('totalGroup', c.n);
        const k = GROUP_KEYS[c.key.slice(2)];
        if (k) add(k, c.n);
      } else if (c.key === 'tag') add('totalTag', c.n);
      else if (c.key === 'attr:indicator') add('totalIndicatorAttribute', c.n);
      else if (c.key === 'attr:group') add('totalGroupAttribute', c.n);
    }
    row.averageIndicatorRating = ratingN ? Math.round((ratingSum / ratingN) * 100) / 100 : 0;
    row.averageIndicatorConfidence = confidenceN ? Math.round((confidenceSum / confidenceN) * 100) / 100 : 0;
    return row;
  });
}
