import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskSecrets } from '../core/secrets.js';

export const MESSAGE_TC_MAX = 255;

/** The text message.tc holds for a message: its last 255 characters, newline-terminated, secrets masked. */
export function messageTcText(message: string, maxLength = MESSAGE_TC_MAX): string {
  let text = maskSecrets(message);
  if (!text.endsWith('\n')) text += '\n';
  // The end of a message usually carries the cause, so the tail is kept rather than the head.
  return text.length > maxLength ? text.slice(text.length - maxLength) : text;
}

/**
 * Overwrites `message.tc` in the out path (`fallbackDir`, the app's working directory, when the out path is unknown
 * or cannot be written). Returns the file written.
 */
export function writeMessageTc(outPath: string | undefined, message: string, fallbackDir = process.cwd()): string {
  const text = messageTcText(message);
  if (outPath) {
    try {
      mkdirSync(outPath, { recursive: true });
      const file = join(outPath, 'message.tc');
      writeFileSync(file, text);
      return file;
    } catch {
      // fall back to the working directory below
    }
  }
  const file = join(fallbackDir, 'message.tc');
  writeFileSync(file, text);
  return file;
}
