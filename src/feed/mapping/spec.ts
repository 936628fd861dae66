import { compile } from '@jmespath-community/jmespath';
import { z } from 'zod';
import { groupType } from '../../model/group-types.js';
import { indicatorType } from '../../model/indicator-types.js';

/** What a per-field function is handed besides the value: the whole record and, under `forEach`, the element. */
export interface FieldContext {
  record: unknown;
  /** the element of the `forEach` list being mapped (the record itself without `forEach`) */
  item: unknown;
}

/** A per-field function: the value found (after `map`), the record; returns the value to use. */
export type FieldFunction = (value: any, context: FieldContext) => unknown;

type Scalar = string | number | boolean;

/**
 * Where a field's value comes from. A bare string is a JMESPath expression evaluated on the record (or on the
 * `forEach` element). In the object form: `path` or a static `value`, then `map` (a lookup table; values it does
 * not list become empty), then `fn`, then `default` when the result is empty (undefined, null, '' or []).
 */
export type FieldSpec =
  | string
  | {
      path?: string;
      value?: Scalar | Scalar[];
      map?: Record<string, Scalar | null>;
      fn?: FieldFunction;
      default?: Scalar | Scalar[];
    };

/** A list field (tags, security labels, associated groups): one spec or several, each giving one value or a list. */
export type ListSpec = FieldSpec | FieldSpec[];

/** `type` fields: a bare string is the type's name (static, checked at construction); the object form is dynamic. */
export type TypeSpec = string | Exclude<FieldSpec, string>;

export interface AttributeSpec {
  /** attribute type name, e.g. `Description` */
  type: string;
  /** one value, or a list that gives one attribute per value; empty values give no attribute */
  value: FieldSpec;
  /** shown as the item's description/source (default true) */
  displayed?: boolean;
}

interface CommonTemplate {
  /**
   * a JMESPath expression giving a list: one object per element, its paths evaluated on the element (`$` too);
   * per-field functions get the whole record as `context.record`
   */
  forEach?: string;
  /** the object is made only when this gives a value that is not empty and not false */
  when?: FieldSpec;
  firstSeen?: FieldSpec;
  lastSeen?: FieldSpec;
  tags?: ListSpec;
  securityLabels?: ListSpec;
  attributes?: AttributeSpec[];
  /** xids of groups this object is associated to */
  associatedGroups?: ListSpec;
}

export interface IndicatorTemplate extends CommonTemplate {
  type: TypeSpec;
  summary: FieldSpec;
  rating?: FieldSpec;
  confidence?: FieldSpec;
  /** false sends the indicator inactive */
  active?: FieldSpec;
}

export interface GroupTemplate extends CommonTemplate {
  type: TypeSpec;
  name: FieldSpec;
  /** stable per feed, so a later run updates the same group */
  xid: FieldSpec;
}

export interface MappingSpec {
  groups?: GroupTemplate[];
  indicators?: IndicatorTemplate[];
  /** tags dropped from every object, case-insensitively (e.g. the feed's own name) */
  excludeTags?: string[];
  /** rating and confidence when an indicator template's field gives none (default 0, as the guidelines ask) */
  defaultRating?: number;
  defaultConfidence?: number;
  /** a record's groups are made only when the record also gives a valid indicator (no family from bad rows alone) */
  groupsNeedIndicators?: boolean;
}

/** A mapping that failed validation: `path` names the offending spot, e.g. `indicators[0].tags[1].path`. */
export class MappingError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Invalid mapping at ${path || '(root)'}: ${reason}`);
    this.name = 'MappingError';
  }
}

const jmesPath = z.string().superRefine((expr, ctx) => {
  try {
    compile(expr);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid JMESPath expression ${JSON.stringify(expr)}: ${(err as Error).message}` });
  }
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fieldObject = z
  .object({
    path: jmesPath.optional(),
    value: z.union([scalar, z.array(scalar)]).optional(),
    map: z.record(z.string(), z.union([scalar, z.null()])).optional(),
    fn: z.custom<FieldFunction>((v) => typeof v === 'function', { message: 'fn must be a function' }).optional(),
    default: z.union([scalar, z.array(scalar)]).optional(),
  })
  .strict()
  .refine((f) => !(f.path !== undefined && f.value !== undefined), { message: 'give either path or value, not both' })
  .refine((f) => f.path !== undefined || f.value !== undefined || f.fn !== undefined || f.default !== undefined, {
    message: 'needs a path, a value, a fn or a default',
  });

const field = z.union([jmesPath, fieldObject]);
const list = z.union([field, z.array(field)]);

function typeSpec(kind: 'indicator' | 'group') {
  const known = (name: string) => (kind === 'indicator' ? indicatorType(name) : groupType(name));
  const check = (name: unknown, ctx: z.RefinementCtx, at: Array<string | number> = []) => {
    if (typeof name === 'string' && !known(name)) ctx.addIssue({ code: 'custom', path: at, message: `${JSON.stringify(name)} is not ${kind === 'indicator' ? 'an' : 'a'} ${kind} type` });
  };
  return z.union([
    z.string().superRefine((name, ctx) => check(name, ctx)),
    fieldObject.superRefine((f, ctx) => {
      if (f.value !== undefined) check(f.value, ctx, ['value']);
      if (f.default !== undefined) check(f.default, ctx, ['default']);
      for (const [from, to] of Object.entries(f.map ?? {})) if (to !== null) check(to, ctx, ['map', from]);
    }),
  ]);
}

const attributeSchema = z
  .object({ type: z.string().trim().min(1, 'an attribute type name is required'), value: field, displayed: z.boolean().optional() })
  .strict();

const common = {
  forEach: jmesPath.optional(),
  when: field.optional(),
  firstSeen: field.optional(),
  lastSeen: field.optional(),
  tags: list.optional(),
  securityLabels: list.optional(),
  attributes: z.array(attributeSchema).optional(),
  associatedGroups: list.optional(),
};

const indicatorSchema = z
  .object({ ...common, type: typeSpec('indicator'), summary: field, rating: field.optional(), confidence: field.optional(), active: field.optional() })
  .strict();

const groupSchema = z.object({ ...common, type: typeSpec('group'), name: field, xid: field }).strict();

const mappingSchema = z
  .object({
    groups: z.array(groupSchema).optional(),
    indicators: z.array(indicatorSchema).optional(),
    excludeTags: z.array(z.string()).optional(),
    defaultRating: z.number().min(0).max(5).optional(),
    defaultConfidence: z.number().int().min(0).max(100).optional(),
    groupsNeedIndicators: z.boolean().optional(),
  })
  .strict()
  .refine((m) => (m.groups?.length ?? 0) + (m.indicators?.length ?? 0) > 0, { message: 'a mapping needs at least one group or indicator template' });

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

/**
 * Checks a mapping spec, throwing a MappingError that names the first offending path. A union of a bare string
 * and an object reports every branch's complaint; the most specific one (the deepest path) is the one shown.
 */
export function validateSpec(spec: unknown): MappingSpec {
  const result = mappingSchema.safeParse(spec);
  if (result.success) return spec as MappingSpec;
  const issues = flatten(result.error.issues);
  issues.sort((a, b) => b.path.length - a.path.length);
  const best = issues.find((i) => i.code === 'custom') ?? issues[0];
  throw new MappingError(formatPath(best.path), best.message);
}

type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

// union failures nest the branches' issues; bring them up with their full paths
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors?.length) for (const branch of issue.errors) out.push(...flatten(branch, path));
    else out.push({ ...issue, path });
  }
  return out;
}
