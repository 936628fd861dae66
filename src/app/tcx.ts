import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { loadInstallJson, type InstallJson } from './install-json.js';

export interface ExtractedApp {
  /** the app folder: `<destDir>/<app_name>_v<major>` */
  appDir: string;
  /** the single top folder's name (the app's key across versions) */
  folder: string;
  installJson: InstallJson;
  files: number;
}

/**
 * Unpacks a .tcx into `destDir`, checking that every entry sits under one top folder and none escapes it, then
 * validates the install.json inside.
 */
export async function extractTcx(tcxFile: string, destDir: string): Promise<ExtractedApp> {
  const dest = resolve(destDir);
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(tcxFile, { lazyEntries: true, autoClose: true }, (err, z) => (err ? fail(new Error(`${tcxFile}: not a zip archive (${err.message})`)) : ok(z))),
  );
  let folder: string | undefined;
  let files = 0;
  await new Promise<void>((done, fail) => {
    const stop = (err: Error) => {
      zip.close();
      fail(err);
    };
    zip.on('error', stop);
    zip.on('end', () => done());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const top = name.split('/')[0];
      if (folder === undefined) folder = top;
      if (!top || top !== folder || name.includes('\\')) return stop(new Error(`${tcxFile}: entries must share one top folder (found ${JSON.stringify(name)})`));
      const target = resolve(dest, name);
      if (target !== join(dest, top) && !target.startsWith(join(dest, top) + sep)) {
        return stop(new Error(`${tcxFile}: entry ${JSON.stringify(name)} points outside the app folder`));
      }
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        zip.readEntry();
        return;
      }
      mkdirSync(dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err) return stop(err);
        const mode = (entry.externalFileAttributes >>> 16) & 0o777;
        pipeline(stream, createWriteStream(target, mode ? { mode } : {}))
          .then(() => {
            files++;
            zip.readEntry();
          })
          .catch(stop);
      });
    });
    zip.readEntry();
  });
  if (!folder) throw new Error(`${tcxFile}: the archive is empty`);
  const appDir = join(dest, folder);
  return { appDir, folder, installJson: loadInstallJson(appDir), files };
}

/** The file a runner starts with `node`: programMain, with `.js` added when it has no extension. */
export function programMainFile(appDir: string, installJson: Pick<InstallJson, 'programMain'>): string {
  const main = /\.[cm]?js$/.test(installJson.programMain) ? installJson.programMain : `${installJson.programMain}.js`;
  return join(appDir, main);
}
