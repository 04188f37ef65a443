import { UsageError } from './errors';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  compilePattern,
  InvalidEventError,
  InvalidEventPatternError,
  type ArrayMatching,
} from '../../local/eventbridge/index';

/** Options of `event-router test-pattern`, as commander parses them. */
export interface TestPatternOptions {
  pattern?: string;
  event?: string;
  events?: string;
  arrayMatching?: string;
}

/** Where the command writes; injectable so tests read what a user would see. */
export interface TestPatternIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 answered (true or false), 2 invalid input (pattern, event, option or file). */
export const EXIT_OK = 0;
export const EXIT_INVALID = 2;

/** Reads an argument that is inline JSON text or `@path` for a file's contents. */
function readArgument(option: string, value: string): string {
  if (!value.startsWith('@')) return value;
  const file = value.slice(1);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function describeEventError(error: InvalidEventError, where: string): string {
  return `${error.message} (${where}: ${error.detail ?? 'not a JSON object'})`;
}

/**
 * The offline twin of `aws events test-event-pattern`: prints `true` or `false` for one event, or
 * one line per event of a JSON Lines file. Returns the exit code; AWS's message goes to stderr for
 * an invalid pattern.
 */
export function runTestPattern(options: TestPatternOptions, io: TestPatternIo): number {
  try {
    if (options.pattern === undefined) throw new UsageError('--pattern is required: inline JSON or @file.');
    if ((options.event === undefined) === (options.events === undefined)) {
      throw new UsageError('Give exactly one of --event <json|@file> and --events <file.jsonl>.');
    }
    const arrayMatching = (options.arrayMatching ?? 'same-element') as ArrayMatching;
    if (arrayMatching !== 'same-element' && arrayMatching !== 'any-element') {
      throw new UsageError(`--array-matching must be same-element or any-element, not ${JSON.stringify(options.arrayMatching)}.`);
    }
    const compiled = compilePattern(readArgument('--pattern', options.pattern), { arrayMatching });
    if (options.event !== undefined) {
      const text = readArgument('--event', options.event);
      try {
        io.out(String(compiled.matches(text)));
      } catch (error) {
        if (error instanceof InvalidEventError) throw new UsageError(describeEventError(error, '--event'));
        throw error;
      }
      return EXIT_OK;
    }
    const lines = readArgument('--events', `@${options.events as string}`).split(/\r?\n/);
    const answers: string[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        answers.push(String(compiled.matches(line)));
      } catch (error) {
        if (error instanceof InvalidEventError) throw new UsageError(describeEventError(error, `${options.events}:${i + 1}`));
        throw error;
      }
    });
    for (const answer of answers) io.out(answer);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InvalidEventPatternError || error instanceof UsageError) {
      io.err(error.message);
      return EXIT_INVALID;
    }
    throw error;
  }
}

/** Registers `event-router test-pattern`. */
export function registerTestPatternCommand(program: Command): void {
  program
    .command('test-pattern')
    .description(
      'Test an EventBridge event pattern against events offline, exactly as AWS decides: prints true or false ' +
        '(exit 0), or AWS\'s error for an invalid pattern (exit 2).',
    )
    .requiredOption('--pattern <json|@file>', 'the event pattern: inline JSON or @path to a file')
    .option('--event <json|@file>', 'one event: inline JSON or @path to a file')
    .option('--events <file.jsonl>', 'a JSON Lines file of events; prints one true/false line per event')
    .option('--array-matching <mode>', 'same-element (AWS) or any-element, for objects inside arrays', 'same-element')
    .action((options: TestPatternOptions) => {
      process.exitCode = runTestPattern(options, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    });
}
