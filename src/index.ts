// SDK entry point. Must not import src/platform (the local server and its native dependencies).
export * from './client/index.js';
export { maskSecrets, maskUrl, registerSecret } from './utils/secrets.js';
export { type Logger, silentLogger } from './utils/logger.js';
export * from './model/index.js';
