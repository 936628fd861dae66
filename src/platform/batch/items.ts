import type { IndicatorTypeInfo } from '../../model/index.js';
import type { AttributeInput, IndicatorInput, LabelInput } from '../store/types.js';

/** How batch items are read into store inputs; shared by the step-by-step path and the fresh-indicator lane. */

export const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): any[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Indicator fields copied to the store, with TcEx's wire aliases (flag1/flag2/intValue1). */
const BATCH_INDICATOR_FIELDS: Array<[keyof IndicatorInput, string[]]> = [
  ['rating', ['rating']],
  ['confidence', ['confidence']],
  ['active', ['active']],
  ['activeLocked', ['activeLocked']],
  ['privateFlag', ['privateFlag']],
  ['dnsActive', ['dnsActive', 'flag1']],
  ['whoisActive', ['whoisActive', 'flag2']],
  ['size', ['size', 'intValue1']],
  ['xid', ['xid']],
  ['firstSeen', ['firstSeen']],
  ['lastSeen', ['lastSeen']],
  ['externalDateAdded', ['externalDateAdded']],
  ['externalDateExpires', ['externalDateExpires']],
  ['externalLastModified', ['externalLastModified']],
];

/** The identity of a batch indicator: its value fields when any is set, else its summary. */
export function indicatorIdentity(info: IndicatorTypeInfo, d: Record<string, any>): IndicatorInput {
  const input: IndicatorInput = { type: info.name };
  const fields = info.fields;
  let any = false;
  for (let i = 0; i < fields.length; i++) {
    const v = d[fields[i]];
    if (v !== undefined && v !== null && v !== '') {
      any = true;
      break;
    }
  }
  if (any) {
    const values: Array<string | null> = [];
    for (let i = 0; i < fields.length; i++) {
      const v = d[fields[i]];
      values.push(v === undefined || v === null ? null : String(v));
    }
    input.values = values;
  }
  else input.summary = d.summary;
  return input;
}

/** Each wire key that carries an indicator field: the field, and the keys that win over it when sent too. */
const FIELD_OF_KEY = new Map<string, { field: keyof IndicatorInput; preferred: string[] }>();
for (const [field, aliases] of BATCH_INDICATOR_FIELDS) {
  aliases.forEach((alias, i) => FIELD_OF_KEY.set(alias, { field, preferred: aliases.slice(0, i) }));
}

/**
 * Copies the indicator's own fields (first alias present wins) onto its identity. It walks the item's keys, not the
 * list of fields: an item carries a handful of keys, and looking up every field and alias in each of 25,000 items
 * of a job was a visible share of the job's CPU.
 */
export function addIndicatorFields(input: IndicatorInput, d: Record<string, any>): IndicatorInput {
  for (const key in d) {
    const target = FIELD_OF_KEY.get(key);
    if (target === undefined || !Object.hasOwn(d, key)) continue;
    const value = d[key];
    if (value === undefined || (target.preferred.length && target.preferred.some((k) => d[k] !== undefined))) continue;
    (input as unknown as Record<string, unknown>)[target.field] = value;
  }
  return input;
}

export type BatchAttribute = AttributeInput & { securityLabels?: Array<string | LabelInput> };

/**
 * An item's attributes as the store takes them (anything that is not an attribute object is passed on for the store
 * to refuse); V1 indicators carry description and source as fields, which become the default attributes.
 */
export function batchAttributes(d: Record<string, any>, indicator: boolean): BatchAttribute[] | undefined {
  let attributes: BatchAttribute[] | undefined;
  if (d.attribute !== undefined) {
    attributes = list(d.attribute).map((a) =>
      isObject(a) ? { type: a.type, value: a.value, displayed: a.displayed, source: a.source, pinned: a.pinned, securityLabels: list(a.securityLabel).map(label) } : a,
    );
  }
  if (indicator) {
    for (const [field, type] of [['description', 'Description'], ['source', 'Source']] as const) {
      if (typeof d[field] === 'string' && d[field] !== '') (attributes ??= []).push({ type, value: d[field], displayed: true });
    }
  }
  return attributes;
}

/** An item's tag names as sent (objects with a name, or plain names). */
export const batchTags = (d: Record<string, any>): unknown[] => list(d.tag).map((t) => (isObject(t) ? t.name : t));

/** A label entry as the store takes it; anything else goes through for the store to refuse naming it. */
export function label(l: unknown): string | LabelInput {
  if (isObject(l)) return { name: l.name, description: l.description, color: l.color };
  return l as string;
}
