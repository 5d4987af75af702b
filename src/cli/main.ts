import { BadPersonRef } from '../people/chronology.ts';
import { DataDirectoryLocked } from '../store/lock.ts';
import { processIO, UsageError, type CliIO } from './context.ts';
import { importCommand, importHelp } from './import-command.ts';
import { chronologyCommand, chronologyHelp, quarantineCommand, quarantineHelp } from './read-commands.ts';
import { serveCommand, serveHelp } from './serve-command.ts';

const commands: Record<string, { run: (argv: string[], io: CliIO) => Promise<number>; help: string }> = {
  import: { run: importCommand, help: importHelp },
  chronology: { run: chronologyCommand, help: chronologyHelp },
  quarantine: { run: quarantineCommand, help: quarantineHelp },
  serve: { run: serveCommand, help: serveHelp },
  link: {
    run: async (argv, io) => (await import('./people-commands.ts')).linkCommand(argv, io),
    help: 'seen link --rebuild [--json]',
  },
  people: {
    run: async (argv, io) => (await import('./people-commands.ts')).peopleCommand(argv, io),
    help: 'seen people --json',
  },
  explain: {
    run: async (argv, io) => (await import('./people-commands.ts')).explainCommand(argv, io),
    help: 'seen explain SOURCE:ID SOURCE:ID [--json]',
  },
  review: {
    run: async (argv, io) => (await import('./review-commands.ts')).reviewCommand(argv, io),
    help: 'seen review list|decide|decisions [--json]: pairs for a person to review, and their decisions',
  },
  alerts: {
    run: async (argv, io) => (await import('./alerts-command.ts')).alertsCommand(argv, io),
    help: 'seen alerts [--json] [--as-of DATE] [--status S] [--rule R]',
  },
  alert: {
    run: async (argv, io) => (await import('./alerts-command.ts')).alertCommand(argv, io),
    help: 'seen alert ID [--json] | seen alert ID acknowledge|action|dismiss [--note TEXT]',
  },
  replay: {
    run: async (argv, io) => (await import('./replay-command.ts')).replayCommand(argv, io),
    help: 'seen replay FILE [--people FILE] [--as-of DATE] [--json]',
  },
  demo: {
    run: async (argv, io) => (await import('./demo-command.ts')).demoCommand(argv, io),
    help: 'seen demo [--children N] [--seed S] [--out FILE] [--truth FILE] [--load]',
  },
};

const usage = `seen — multi-agency safeguarding records

Commands:
${Object.values(commands)
  .map((c) => `  ${c.help.split('\n')[0]}`)
  .join('\n')}

Environment: DATABASE_URL (PostgreSQL), SEEN_DATA (embedded data directory,
default ./.seen), SEEN_USER (who you are, for the audit trail).
Run \`seen COMMAND --help\` for more.`;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`seen: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`seen ${name}: ${error.message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof DataDirectoryLocked || error instanceof BadPersonRef || (error instanceof Error && error.name === 'AlertActionRefused')) {
      io.err(`seen ${name}: ${error.message}`);
      return 1;
    }
    io.err(`seen ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
