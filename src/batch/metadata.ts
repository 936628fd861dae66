import { checkBoolean, checkColor, checkDate, checkText, type ObjectName } from './validate.js';
import { BatchValidationError } from './errors.js';
import { jsonString, lastJsonString, type WireAttribute, type WireFileOccurrence, type WireSecurityLabel } from './wire.js';

/** What metadata builders report changes to: the group or indicator they belong to. */
export interface MetadataOwner {
  /** marks the owner changed so it is spooled (again) */
  touch(): void;
  /** names the owner in validation errors */
  describe(): string;
}

const attributeTypeJson = lastJsonString();

/** An attribute of a group or indicator. `displayed` and `source` may be set after creation. */
export class Attribute {
  private _displayed?: boolean;
  private _source?: string;
  private labels?: SecurityLabel[];

  constructor(
    private readonly owner: MetadataOwner,
    readonly type: string,
    readonly value: string,
  ) {}

  get displayed(): boolean | undefined {
    return this._displayed;
  }
  set displayed(value: boolean | undefined) {
    this._displayed = value === undefined ? undefined : checkBoolean(this.owner, 'attribute.displayed', value);
    this.owner.touch();
  }

  get source(): string | undefined {
    return this._source;
  }
  set source(value: string | undefined) {
    this._source = value === undefined || value === '' ? undefined : checkText(this.owner, 'attribute.source', value);
    this.owner.touch();
  }

  /** A security label on the attribute itself. */
  securityLabel(name: string, description?: string, color?: string): SecurityLabel {
    this.labels ??= [];
    const found = this.labels.find((l) => l.name === name);
    if (found) return found.update(description, color);
    const label = new SecurityLabel(this.owner, name, description, color);
    this.labels.push(label);
    this.owner.touch();
    return label;
  }

  toWire(): WireAttribute {
    const out: WireAttribute = { type: this.type, value: this.value };
    if (this._displayed !== undefined) out.displayed = this._displayed;
    if (this._source !== undefined) out.source = this._source;
    if (this.labels?.length) out.securityLabel = this.labels.map((l) => l.toWire());
    return out;
  }

  /** `toWire()` as JSON text. */
  toJson(): string {
    // unchecked input (a batch with validate: false) may hold anything: leave it to JSON.stringify
    if (typeof this.type !== 'string' || typeof this.value !== 'string') return JSON.stringify(this.toWire());
    let out = `{"type":${attributeTypeJson(this.type)},"value":${jsonString(this.value)}`;
    if (this._displayed !== undefined) out += `,"displayed":${this._displayed ? 'true' : 'false'}`;
    if (this._source !== undefined) out += `,"source":${jsonString(this._source)}`;
    if (this.labels?.length) out += `,"securityLabel":[${this.labels.map((l) => l.toJson()).join(',')}]`;
    return `${out}}`;
  }
}

/** A security label; a missing label is created by the platform when description and color are given. */
export class SecurityLabel {
  readonly name: string;
  private _description?: string;
  private _color?: string;

  constructor(
    private readonly owner: MetadataOwner,
    name: string,
    description?: string,
    color?: string,
  ) {
    this.name = checkText(owner, 'securityLabel.name', name, 50).trim();
    this.update(description, color);
  }

  /** @internal applies optional fields given again for a label that already exists */
  update(description?: string, color?: string): this {
    if (description !== undefined) this.description = description;
    if (color !== undefined) this.color = color;
    return this;
  }

  get description(): string | undefined {
    return this._description;
  }
  set description(value: string | undefined) {
    this._description = value === undefined || value === '' ? undefined : checkText(this.owner, 'securityLabel.description', value);
    this.owner.touch();
  }

  get color(): string | undefined {
    return this._color;
  }
  set color(value: string | undefined) {
    this._color = value === undefined || value === '' ? undefined : checkColor(this.owner, value);
    this.owner.touch();
  }

  toWire(): WireSecurityLabel {
    const out: WireSecurityLabel = { name: this.name };
    if (this._description !== undefined) out.description = this._description;
    if (this._color !== undefined) out.color = this._color;
    return out;
  }

  /** `toWire()` as JSON text. */
  toJson(): string {
    let out = `{"name":${jsonString(this.name)}`;
    if (this._description !== undefined) out += `,"description":${jsonString(this._description)}`;
    if (this._color !== undefined) out += `,"color":${jsonString(this._color)}`;
    return `${out}}`;
  }
}

/** Where a File was seen: file name, path and date, each optional but at least one given by the time it is sent. */
export class FileOccurrence {
  private _fileName?: string;
  private _path?: string;
  private _date?: string;

  constructor(
    private readonly owner: MetadataOwner,
    fileName?: string,
    path?: string,
    date?: unknown,
  ) {
    if (fileName !== undefined) this.fileName = fileName;
    if (path !== undefined) this.path = path;
    if (date !== undefined) this.date = date as string;
  }

  get fileName(): string | undefined {
    return this._fileName;
  }
  set fileName(value: string | undefined) {
    this._fileName = value === undefined ? undefined : checkText(this.owner, 'fileOccurrence.fileName', value);
    this.owner.touch();
  }

  get path(): string | undefined {
    return this._path;
  }
  set path(value: string | undefined) {
    this._path = value === undefined ? undefined : checkText(this.owner, 'fileOccurrence.path', value);
    this.owner.touch();
  }

  get date(): string | undefined {
    return this._date;
  }
  /** any date form the batch accepts; stored as `YYYY-MM-DDTHH:MM:SSZ` */
  set date(value: string | Date | number | undefined) {
    this._date = value === undefined ? undefined : checkDate(this.owner, 'fileOccurrence.date', value);
    this.owner.touch();
  }

  /** undefined while empty, so an occurrence nobody filled in is not sent */
  toWire(): WireFileOccurrence | undefined {
    if (this._fileName === undefined && this._path === undefined && this._date === undefined) return undefined;
    const out: WireFileOccurrence = {};
    if (this._fileName !== undefined) out.fileName = this._fileName;
    if (this._path !== undefined) out.path = this._path;
    if (this._date !== undefined) out.date = this._date;
    return out;
  }
}

/** The attribute type, trimmed and checked. */
export function checkAttributeType(owner: ObjectName, type: unknown): string {
  return checkText(owner, 'attribute.type', type).trim();
}

/** The attribute value as text: a non-empty string or a number. */
export function checkAttributeValue(owner: ObjectName, type: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  const name = () => (typeof owner === 'string' ? owner : owner.describe());
  if (value === null || value === undefined || typeof value === 'string') {
    throw new BatchValidationError(name(), `attribute ${JSON.stringify(type)} value`, value, 'must not be empty');
  }
  if (typeof value === 'object') throw new BatchValidationError(name(), `attribute ${JSON.stringify(type)} value`, value, 'must be text or a number');
  return String(value);
}
