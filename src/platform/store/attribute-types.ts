import type { StoreCore } from './base.js';
import { foldAscii } from './fold.js';
import type { AttributeTypeRecord } from './types.js';

/** The attribute types (Description, Source, ...): the catalogue every attribute is checked against. */
export class AttributeTypeRepo {
  private attributeTypeCache?: Map<string, AttributeTypeRecord>;

  constructor(private readonly core: StoreCore) {}

  dropCache(): void {
    this.attributeTypeCache = undefined;
  }

  attributeTypes(): AttributeTypeRecord[] {
    return [...this.attributeTypeMap().values()].sort((a, b) => a.id - b.id);
  }

  attributeType(name: string): AttributeTypeRecord | undefined {
    return this.attributeTypeMap().get(foldAscii(name.trim()));
  }

  createAttributeType(
    t: { name: string; description?: string; maxSize?: number; allowMarkdown?: boolean; errorMessage?: string | null; validationRule?: unknown },
    ignoreExisting = false,
  ): void {
    this.core
      .prep(
        `INSERT INTO ti_attribute_types (name, description, max_size, allow_markdown, error_message, validation_rule) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO ${ignoreExisting ? 'NOTHING' : `UPDATE SET description = excluded.description, max_size = excluded.max_size,
           allow_markdown = excluded.allow_markdown, error_message = excluded.error_message, validation_rule = excluded.validation_rule`}`,
      )
      .run(
        t.name,
        t.description ?? '',
        t.maxSize ?? 65_500,
        t.allowMarkdown ? 1 : 0,
        t.errorMessage ?? null,
        t.validationRule === undefined || t.validationRule === null ? null : JSON.stringify(t.validationRule),
      );
    this.attributeTypeCache = undefined;
  }

  private attributeTypeMap(): Map<string, AttributeTypeRecord> {
    if (!this.attributeTypeCache) {
      const rows = this.core.prep('SELECT * FROM ti_attribute_types ORDER BY id').all() as Array<Record<string, any>>;
      this.attributeTypeCache = new Map(
        rows.map((r) => [
          foldAscii(r.name),
          {
            id: r.id,
            name: r.name,
            description: r.description,
            maxSize: r.max_size,
            allowMarkdown: r.allow_markdown === 1,
            errorMessage: r.error_message,
            validationRule: r.validation_rule ? JSON.parse(r.validation_rule) : null,
          },
        ]),
      );
    }
    return this.attributeTypeCache;
  }

  attributeTypeById(id: number): AttributeTypeRecord | undefined {
    return this.attributeTypes().find((t) => t.id === id);
  }
}
