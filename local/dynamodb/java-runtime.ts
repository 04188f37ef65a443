import { spawnSync } from 'node:child_process';

/** The Java release DynamoDB Local needs. */
export const MIN_JAVA_MAJOR = 17;

/** What `java -version` said: a usable runtime, or why not (missing, failing, too old). */
export type JavaRuntimeCheck =
  | { readonly ok: true; readonly major: number; readonly versionLine: string }
  | { readonly ok: false; readonly problem: 'missing' | 'failing' | 'too-old'; readonly message: string };

const INSTALL_HINT =
  'Install one, e.g. `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), ' +
  'and put it first on PATH.';

/** The major release in a `java -version` banner: `"17.0.15"` -> 17, `"1.8.0_392"` -> 8. */
export function javaMajorVersion(banner: string): { major: number; line: string } | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(banner);
  if (match === null) return undefined;
  const first = Number(match[1]);
  const major = first === 1 && match[2] !== undefined ? Number(match[2]) : first;
  const line = banner.split(/\r?\n/).find((l) => l.includes('version')) ?? match[0];
  return { major, line: line.trim() };
}

/**
 * Runs `<command> -version` and tells apart the three ways Java can be unusable, so the user is
 * told which one: not on PATH, present but failing (with its own output), or older than 17.
 */
export function checkJavaRuntime(command = 'java'): JavaRuntimeCheck {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return {
      ok: false,
      problem: 'missing',
      message: `DynamoDB Local needs a Java runtime (${MIN_JAVA_MAJOR} or newer) and \`${command}\` was not found on PATH. ${INSTALL_HINT}`,
    };
  }
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`.trim();
  if (probe.error !== undefined || probe.status !== 0) {
    const how = probe.error !== undefined ? probe.error.message : probe.signal !== null ? `was killed by ${probe.signal}` : `exited with code ${probe.status}`;
    const said = output === '' ? 'and printed nothing' : `and said:\n  ${output.split(/\r?\n/).slice(0, 6).join('\n  ')}`;
    return {
      ok: false,
      problem: 'failing',
      message: `\`${command} -version\` ${how} ${said}\nDynamoDB Local needs a working Java runtime (${MIN_JAVA_MAJOR} or newer): repair that one, or ${INSTALL_HINT.charAt(0).toLowerCase()}${INSTALL_HINT.slice(1)}`,
    };
  }
  const version = javaMajorVersion(output);
  if (version === undefined) {
    return {
      ok: false,
      problem: 'failing',
      message: `\`${command} -version\` printed no version this tool can read:\n  ${output.split(/\r?\n/).slice(0, 3).join('\n  ')}\nDynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer. ${INSTALL_HINT}`,
    };
  }
  if (version.major < MIN_JAVA_MAJOR) {
    return {
      ok: false,
      problem: 'too-old',
      message: `DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer; \`${command}\` on PATH is Java ${version.major} (${version.line}). ${INSTALL_HINT}`,
    };
  }
  return { ok: true, major: version.major, versionLine: version.line };
}
