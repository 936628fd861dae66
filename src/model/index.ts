export * from './indicator-types.js';
export * from './group-types.js';
export * from './group-storage.js';
