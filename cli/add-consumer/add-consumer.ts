import { AddConsumerError } from './errors';
import type { AddConsumerInput } from './consumer-spec';
import { planConsumer } from './plan';
import { renderDryRun, renderNextSteps, renderSummary } from './render-plan';
import { runTest, testCommand, type AddConsumerIo } from './run-test';
import { writePlan } from './write-plan';

/** Options of {@link addConsumer} beyond the consumer itself. */
export interface AddConsumerOptions {
  /** Print what would be written; write nothing, run nothing. @default false */
  readonly dryRun?: boolean;
  /** Where the command runs; the app root is the nearest package.json upward. @default process.cwd() */
  readonly cwd?: string;
  /** Run the new test after writing. @default true */
  readonly runTest?: boolean;
  /** @default process.stdout / process.stderr */
  readonly io?: AddConsumerIo;
}

/**
 * `event-router add consumer`: plans every file (refusing bad input before anything is written),
 * writes them, runs the new unit test and prints the replay that would backfill the consumer.
 * Resolves to the exit code: 0 done (or nothing to change), 1 the new test failed, 2 bad input.
 */
export async function addConsumer(input: AddConsumerInput, options: AddConsumerOptions = {}): Promise<number> {
  const io = options.io ?? { out: process.stdout, err: process.stderr };
  let plan;
  try {
    plan = planConsumer(input, options.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof AddConsumerError) {
      io.err.write(`event-router add consumer: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  const { command, args } = testCommand(plan.app, plan.testPath);
  const testLine = `${command === process.execPath ? 'node' : command} ${args.join(' ')}`;

  if (plan.upToDate) {
    io.out.write(`consumer ${plan.spec.name} is already added with this definition: nothing to change.\n${renderSummary(plan)}\nIts test: ${testLine}\n`);
    return 0;
  }
  if (options.dryRun === true) {
    io.out.write(`dry run: nothing is written and nothing is run. add consumer ${plan.spec.name} in ${plan.app.root} would:\n${renderSummary(plan)}\n\n${renderDryRun(plan)}\nthen run ${testLine}\n\n${renderNextSteps(plan)}\n`);
    return 0;
  }

  writePlan(plan);
  io.out.write(`added consumer ${plan.spec.name} in ${plan.app.root}:\n${renderSummary(plan)}\n`);
  if (!plan.fixtureMatches) {
    io.err.write(`The generated fixture does not match the pattern (a condition the generator cannot satisfy): edit test/functions/${plan.spec.name}/event.json until the test passes.\n`);
  }
  let code = 0;
  if (options.runTest !== false) {
    io.out.write(`\nrunning the new test: ${testLine}\n`);
    code = (await runTest(plan.app, plan.testPath, io)) === 0 ? 0 : 1;
    io.out.write(code === 0 ? `\nthe new test passed.\n` : `\nthe new test FAILED (output above): fix the handler or the fixture, then run ${testLine}\n`);
  }
  io.out.write(`\n${renderNextSteps(plan)}\n`);
  return code;
}
