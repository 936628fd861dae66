/** Mapping settings every feed app accepts (install.json params `default_rating`, `default_confidence`). */
export interface MappingOptions {
  /** threat rating (0-5) for indicators when the feed gives none */
  defaultRating: number;
  /** confidence (0-100) for indicators when the feed gives none */
  defaultConfidence: number;
}

// Guidelines: when a source carries no rating or confidence, these stay configurable and default to 0.
export const DEFAULT_MAPPING: MappingOptions = { defaultRating: 0, defaultConfidence: 0 };
