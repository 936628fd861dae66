import { TcConfigError } from '../core/errors.js';
import { INDICATOR_TYPES, indicatorType, normaliseIndicator, SUMMARY_SEPARATOR } from '../model/indicator-types.js';
import { IndicatorValueError } from './errors.js';
import { defaultPatterns, toPatterns, type NamedPattern, type PatternInput } from './patterns.js';

/** An indicator type the platform's catalogue does not know, e.g. one defined by an administrator. */
export interface CustomIndicatorTypeDef {
  name: string;
  /** whole-value tests used by detection (and by validation when the type is given explicitly) */
  patterns?: PatternInput | readonly PatternInput[];
  /** value labels in summary order (default: one field named after the type) */
  fields?: readonly string[];
}

export interface IndicatorValidatorOptions {
  /** replacement patterns per type, as `set_indicator_regex` did, but for this validator only */
  patterns?: Record<string, PatternInput | readonly PatternInput[]>;
  customTypes?: readonly CustomIndicatorTypeDef[];
}

export interface Detection {
  type: string;
  /** the name of the pattern that matched, e.g. `ipv6` */
  pattern: string;
}

export interface ResolvedIndicator {
  type: string;
  /** the value as the platform stores it (normalised for catalogue types) */
  summary: string;
  /** field values in summary order */
  values: string[];
  /** true when the type came from detection rather than from the caller */
  detected: boolean;
  pattern?: string;
  /** true for a type defined on this validator that the shared catalogue does not know */
  custom: boolean;
}

export interface ResolveOptions {
  /** the type, which skips detection */
  type?: string;
  /** false skips every check for an explicit type, as the legacy SDK did; default true */
  validate?: boolean;
  /** the name used in errors (default `indicator`) */
  field?: string;
}

interface CustomType {
  name: string;
  fields: string[];
}

const LEGACY_ORDER = ['Address', 'EmailAddress', 'File', 'Host', 'URL'];

/**
 * Detects an indicator's type from its value and validates values per type. Patterns are per instance, so an
 * override made for one feed never changes another validator (the Python SDK's overrides were process-wide).
 */
export class IndicatorValidator {
  private readonly table: Map<string, NamedPattern[]>;
  private readonly customs = new Map<string, CustomType>();

  constructor(options: IndicatorValidatorOptions = {}) {
    this.table = defaultPatterns();
    for (const def of options.customTypes ?? []) this.defineType(def);
    for (const [type, patterns] of Object.entries(options.patterns ?? {})) this.setPatterns(type, patterns);
  }

  /** Replaces a type's patterns (a single pattern or a list). An empty list turns detection off for the type. */
  setPatterns(type: string, patterns: PatternInput | readonly PatternInput[]): this {
    const name = this.typeName(type, 'type');
    this.table.set(name, toPatterns(name, patterns));
    return this;
  }

  /** Adds patterns after the type's current ones. */
  addPatterns(type: string, patterns: PatternInput | readonly PatternInput[]): this {
    const name = this.typeName(type, 'type');
    this.table.set(name, [...(this.table.get(name) ?? []), ...toPatterns(name, patterns)]);
    return this;
  }

  /** The patterns tried for a type, in order. */
  patterns(type: string): readonly NamedPattern[] {
    return this.table.get(this.typeName(type, 'type')) ?? [];
  }

  /** Defines a custom indicator type; detection tries it after every type defined before it. */
  defineType(def: CustomIndicatorTypeDef): this {
    if (!def || typeof def.name !== 'string' || !def.name.trim()) {
      throw new TcConfigError('customType.name', def?.name, 'must be a non-empty string');
    }
    const name = def.name.trim();
    const std = indicatorType(name);
    if (std) throw new TcConfigError('customType.name', name, `is the standard type ${std.name}; use setPatterns to change its patterns`);
    if (this.customs.has(name.toLowerCase())) throw new TcConfigError('customType.name', name, 'is already defined');
    const fields = [...(def.fields ?? [name])];
    if (fields.length < 1 || fields.length > 3 || fields.some((f) => typeof f !== 'string' || !f.trim())) {
      throw new TcConfigError(`customType.${name}.fields`, def.fields, 'must be one to three non-empty labels');
    }
    this.customs.set(name.toLowerCase(), { name, fields });
    this.table.set(name, def.patterns === undefined ? [] : toPatterns(name, def.patterns));
    return this;
  }

  /** Every type that detection tries, in order. */
  detectionOrder(): string[] {
    const rest = [...this.table.keys()].filter((t) => !LEGACY_ORDER.includes(t));
    return [...LEGACY_ORDER, ...rest].filter((t) => (this.table.get(t)?.length ?? 0) > 0);
  }

  /** The first type whose pattern matches the whole value, or undefined (the legacy SDK's "custom"). */
  detect(value: string): Detection | undefined {
    if (typeof value !== 'string') return undefined;
    const v = value.trim();
    if (!v) return undefined;
    for (const type of this.detectionOrder()) {
      const hit = this.matchType(type, v);
      if (hit) return { type, pattern: hit };
    }
    return undefined;
  }

  /** Whether the value is valid: for its given type, or (without a type) for any type detection knows. */
  isValid(value: string | readonly string[], type?: string): boolean {
    try {
      this.resolve(value, { type });
      return true;
    } catch (err) {
      if (err instanceof IndicatorValueError) return false;
      throw err;
    }
  }

  /**
   * The type and normalised summary of a value. With `type` detection is skipped and the value is checked
   * against the platform's rules for that type (custom types: their patterns); otherwise the type is detected.
   * Throws IndicatorValueError naming the field, the value and the reason.
   */
  resolve(value: string | readonly string[], options: ResolveOptions = {}): ResolvedIndicator {
    const field = options.field ?? 'indicator';
    if (options.type !== undefined) return this.resolveTyped(value, options.type, field, options.validate !== false);
    if (typeof value !== 'string') {
      throw new IndicatorValueError(field, value, undefined, 'must be a string when no type is given (give a type for multi-field values)');
    }
    const v = value.trim();
    if (!v) throw new IndicatorValueError(field, value, undefined, 'is empty');
    const hit = this.detect(v) ?? this.detectFileSummary(v);
    if (!hit) {
      throw new IndicatorValueError(
        field,
        value,
        undefined,
        `is not a recognised indicator (tried ${this.detectionOrder().join(', ')}); give a type to skip detection`,
      );
    }
    const resolved = this.finish(hit.type, [v], field, value);
    return { ...resolved, detected: true, pattern: hit.pattern };
  }

  private resolveTyped(value: string | readonly string[], type: string, field: string, validate: boolean): ResolvedIndicator {
    const name = this.typeName(type, `${field}.type`);
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : undefined;
    if (!values || values.some((x) => x !== null && x !== undefined && typeof x !== 'string')) {
      throw new IndicatorValueError(field, value, name, 'must be a string or a list of strings');
    }
    if (!validate) {
      const parts = values.map((x) => String(x ?? ''));
      return { type: name, summary: parts.filter(Boolean).join(SUMMARY_SEPARATOR), values: parts, detected: false, custom: this.customs.has(name.toLowerCase()) };
    }
    const custom = this.customs.get(name.toLowerCase());
    if (custom) {
      const patterns = this.table.get(name) ?? [];
      const summary = values.map((x) => String(x ?? '').trim()).join(SUMMARY_SEPARATOR);
      if (patterns.length && !patterns.some((p) => p.test(summary))) {
        throw new IndicatorValueError(field, value, name, `does not match any ${name} pattern (${patterns.map((p) => p.name).join(', ')})`);
      }
    }
    return { ...this.finish(name, values, field, value), detected: false };
  }

  /** Normalises with the shared catalogue (the platform's rules) when the type is in it. */
  private finish(type: string, values: string[], field: string, original: unknown): Omit<ResolvedIndicator, 'detected'> {
    const custom = this.customs.get(type.toLowerCase());
    if (custom) {
      let parts = values.map((x) => String(x ?? '').trim());
      if (parts.length === 1 && custom.fields.length > 1) parts = parts[0].split(SUMMARY_SEPARATOR).map((p) => p.trim());
      if (parts.length > custom.fields.length) {
        throw new IndicatorValueError(field, original, type, `has ${parts.length} values but ${type} has ${custom.fields.length} field(s) (${custom.fields.join(', ')})`);
      }
      const missing = custom.fields.filter((_, i) => !parts[i]);
      if (missing.length) throw new IndicatorValueError(field, original, type, `is missing ${missing.join(', ')}`);
      return { type, summary: parts.join(SUMMARY_SEPARATOR), values: parts, custom: true };
    }
    const result = normaliseIndicator(type, values);
    if (!result.ok) throw new IndicatorValueError(field, original, type, `is not valid: ${result.error}`);
    return { type, summary: result.summary, values: result.values, custom: false };
  }

  private matchType(type: string, value: string): string | undefined {
    for (const p of this.table.get(type) ?? []) if (p.test(value)) return p.name;
    return undefined;
  }

  // `md5 : sha1 : sha256` is one File; each part must be a hash by the File patterns.
  private detectFileSummary(value: string): Detection | undefined {
    if (!value.includes(SUMMARY_SEPARATOR.trim())) return undefined;
    const parts = value.split(SUMMARY_SEPARATOR).map((p) => p.trim()).filter(Boolean);
    if (parts.length < 2 || parts.length > 3) return undefined;
    const names = parts.map((p) => this.matchType('File', p));
    return names.every(Boolean) ? { type: 'File', pattern: names.join('+') } : undefined;
  }

  private typeName(type: string, field: string): string {
    if (typeof type !== 'string' || !type.trim()) throw new TcConfigError(field, type, 'must be an indicator type name');
    const std = indicatorType(type);
    if (std) return std.name;
    const custom = this.customs.get(type.trim().toLowerCase());
    if (custom) return custom.name;
    const known = [...INDICATOR_TYPES.map((t) => t.name), ...[...this.customs.values()].map((c) => c.name)];
    throw new TcConfigError(field, type, `is not a known indicator type (known: ${known.join(', ')}; define others with defineType)`);
  }
}

/** A validator with the default patterns, for one-off checks. Create your own to override patterns. */
export function detectIndicatorType(value: string): Detection | undefined {
  return shared().detect(value);
}

let sharedValidator: IndicatorValidator | undefined;
function shared(): IndicatorValidator {
  // never mutated after creation: overrides need an own instance
  sharedValidator ??= new IndicatorValidator();
  return sharedValidator;
}
