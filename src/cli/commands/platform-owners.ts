import { Option, type Command } from 'commander';
import { call, out, table, withPlatform, type PlatformTarget } from './platform-jobs.js';

// `tcex platform owners list|create`: owners of a running platform (a feed usually writes into its own Source).

interface OwnerRow {
  id: number;
  name: string;
  type: string;
  members?: Array<{ userName: string; role: string; canWrite: boolean }>;
}

const describeMembers = (o: OwnerRow): string => (o.members ?? []).map((m) => `${m.userName} (${m.role}${m.canWrite ? '' : ', read only'})`).join(', ');

export function registerOwnerCommands(platform: Command): void {
  const owners = platform.command('owners').description('list and create owners (organizations, communities, sources)');
  withPlatform(owners.command('list', { isDefault: true }).description('list owners with their members'))
    .option('--json', 'print JSON')
    .action(async (opts: PlatformTarget & { json?: boolean }) => {
      const { owners: list } = await call<{ owners: OwnerRow[] }>(opts, 'GET', '/owners');
      if (opts.json) return out(`${JSON.stringify(list, null, 2)}\n`);
      out(table(list.map((o) => ({ id: o.id, name: o.name, type: o.type, members: describeMembers(o) })), ['id', 'name', 'type', 'members']));
    });
  withPlatform(owners.command('create <name>').description('create an owner; the default API user becomes a member who may write to it'))
    .addOption(new Option('--type <type>', 'the kind of owner').choices(['Organization', 'Community', 'Source']).default('Source'))
    .addOption(
      new Option('--default-user <access>', 'the default API user\'s access: write (a member who may write), read (read only) or none')
        .choices(['write', 'read', 'none'])
        .default('write'),
    )
    .action(async (name: string, opts: PlatformTarget & { type: string; defaultUser: string }) => {
      const owner = await call<OwnerRow>(opts, 'POST', '/owners', { name, type: opts.type, defaultUser: opts.defaultUser });
      out(`owner ${owner.id}: ${owner.name} (${owner.type}); members: ${describeMembers(owner) || 'none'}\n`);
    });
}
