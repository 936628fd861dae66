// The main job behind `npm start`: start the embedded platform and make an authenticated call with the client.
import { startPlatform } from './platform/index.js';
import { TcClient } from './client/index.js';

const started = Date.now();
const platform = await startPlatform({ port: 0, quiet: true });
const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
try {
  const owners = await client.v2<{ owner: Array<{ id: number; name: string; type: string }> }>('GET', '/v2/owners');
  process.stdout.write(`Local platform at ${platform.url}\n`);
  process.stdout.write(`Authenticated with HMAC as ${platform.accessId}; owners:\n`);
  for (const o of owners.owner) process.stdout.write(`  ${o.id}  ${o.name} (${o.type})\n`);
  process.stdout.write(`\n${client.report.toString()}\n`);
  process.stdout.write(`\nDone in ${((Date.now() - started) / 1000).toFixed(2)} s. Run \`npx tcex platform start\` to keep a platform running.\n`);
} finally {
  await client.close();
  await platform.close();
}
