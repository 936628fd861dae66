import { Attribute, SecurityLabel, checkAttributeType, checkAttributeValue, type MetadataOwner } from './metadata.js';
import { checkTag, checkText } from './validate.js';
import { jsonString, lastJsonString, type WireAttribute, type WireSecurityLabel, type WireTag } from './wire.js';
import type { XidMode } from './xid.js';

/** What builders need from their batch: where changed objects go and which defaults apply. */
export interface ItemSink {
  /** queues a changed builder for spooling */
  enqueue(item: BatchItem): void;
  readonly xidMode: XidMode;
  /** false skips value validation (custom types, or testing a server with bad data) */
  readonly validate: boolean;
}

/**
 * The part groups and indicators share: attributes, tags, security labels, free key/values, and the bookkeeping
 * that spools an object when it changes. A builder may be changed at any time; each change queues it again and
 * the spool merges the records, so nothing set later is lost.
 */
export abstract class BatchItem implements MetadataOwner {
  /** @internal set while the builder waits in the batch's queue (or before it was first added) */
  _queued = true;
  /** @internal fields in their wire names */
  protected readonly values: Record<string, unknown> = {};
  private attributes?: Attribute[];
  private tags?: string[];
  private labels?: SecurityLabel[];
  /** xids of associated groups */
  protected groupLinks?: string[];

  constructor(protected readonly sink: ItemSink) {}

  abstract describe(): string;
  /** the spool key: `xid` for groups, `type|summary` for indicators */
  abstract identity(): string;
  abstract toWire(): Record<string, unknown>;

  /** The spool key as JSON text. */
  identityJson(): string {
    return jsonString(this.identity());
  }

  /** The record as JSON text, byte for byte `JSON.stringify(this.toWire())` (what the spool stores). */
  toJson(): string {
    return JSON.stringify(this.toWire());
  }

  touch(): void {
    if (!this._queued) this.sink.enqueue(this);
  }

  /** Adds an attribute (or returns the one with the same type and value, updating displayed and source). */
  attribute(type: string, value: string | number, displayed?: boolean, source?: string): Attribute {
    let text: string;
    if (this.sink.validate) {
      type = checkAttributeType(this, type);
      text = checkAttributeValue(this, type, value);
    } else text = String(value);
    let attr: Attribute | undefined;
    if (this.attributes) {
      for (const a of this.attributes) {
        if (a.type === type && a.value === text) {
          attr = a;
          break;
        }
      }
    } else this.attributes = [];
    if (!attr) {
      attr = new Attribute(this, type, text);
      this.attributes.push(attr);
      this.touch();
    }
    if (displayed !== undefined) attr.displayed = displayed;
    if (source !== undefined) attr.source = source;
    return attr;
  }

  /** Adds a tag (case-preserving, at most 128 characters); adding the same name twice keeps one. */
  tag(name: string): this {
    const tag = this.sink.validate ? checkTag(this, name) : name;
    this.tags ??= [];
    if (!this.tags.includes(tag)) {
      this.tags.push(tag);
      this.touch();
    }
    return this;
  }

  /** Adds a security label; give description and color to have the platform create a label it does not know. */
  securityLabel(name: string, description?: string, color?: string): SecurityLabel {
    this.labels ??= [];
    const found = this.labels.find((l) => l.name === name.trim());
    if (found) return found.update(description, color);
    const label = new SecurityLabel(this, name, description, color);
    this.labels.push(label);
    this.touch();
    return label;
  }

  /**
   * Associates a group, by xid or the builder itself. Groups send it as `associatedGroupXid`, indicators as
   * `associatedGroups[{groupXid}]`.
   */
  association(group: string | { xid: string }): this {
    const xid = typeof group === 'string' ? checkText(this, 'association', group) : group.xid;
    this.groupLinks ??= [];
    if (!this.groupLinks.includes(xid)) {
      this.groupLinks.push(xid);
      this.touch();
    }
    return this;
  }

  /** Sets a field by its batch API name (e.g. `eventDate`, `dnsActive`), validated and formatted like the setters. */
  addKeyValue(key: string, value: unknown): this {
    this.setField(key, value);
    return this;
  }

  /** The current value of a field, by its batch API name. */
  get(field: string): unknown {
    return this.values[field];
  }

  protected abstract setField(field: string, value: unknown): void;

  protected store(field: string, value: unknown): void {
    if (value === undefined || value === null) delete this.values[field];
    else this.values[field] = value;
    this.touch();
  }

  protected metadataWire(out: Record<string, unknown>): void {
    if (this.attributes?.length) out.attribute = this.attributes.map((a): WireAttribute => a.toWire());
    if (this.labels?.length) out.securityLabel = this.labels.map((l): WireSecurityLabel => l.toWire());
    if (this.tags?.length) out.tag = this.tags.map((name): WireTag => ({ name }));
  }

  /** `metadataWire` as JSON text: the `,"attribute":[...]`, `,"securityLabel":[...]` and `,"tag":[...]` pairs. */
  protected metadataJson(): string {
    let out = '';
    if (this.attributes?.length) out += `,"attribute":${listJson(this.attributes)}`;
    if (this.labels?.length) out += `,"securityLabel":${listJson(this.labels)}`;
    if (this.tags?.length) {
      out += ',"tag":[';
      for (let i = 0; i < this.tags.length; i++) {
        const name = this.tags[i];
        out += `${i ? ',' : ''}${typeof name === 'string' ? `{"name":${tagJson(name)}}` : JSON.stringify({ name })}`;
      }
      out += ']';
    }
    return out;
  }
}

const tagJson = lastJsonString();

/** A JSON array of builders' JSON texts. */
export function listJson(items: ReadonlyArray<{ toJson(): string }>): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + items[i].toJson();
  return `${out}]`;
}

/** A date as builders accept it; read back as the wire text `YYYY-MM-DDTHH:MM:SSZ`. */
export type DateInput = string | Date | number | undefined;

/**
 * Defines typed properties on a builder class that read and write fields by their batch API name, validated like
 * `addKeyValue` (`{ dnsActive: 'flag1' }` maps a property to a different wire name). The class declares the
 * property types with `declare`.
 */
export function fieldProperties(cls: { prototype: BatchItem }, fields: readonly string[] | Record<string, string>): void {
  const map: Record<string, string> = Array.isArray(fields) ? Object.fromEntries((fields as string[]).map((f) => [f, f])) : (fields as Record<string, string>);
  for (const [property, wire] of Object.entries(map)) {
    Object.defineProperty(cls.prototype, property, {
      configurable: true,
      get(this: BatchItem) {
        return this.get(wire);
      },
      set(this: BatchItem, value: unknown) {
        this.addKeyValue(wire, value);
      },
    });
  }
}
