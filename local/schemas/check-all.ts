import { checkAgainstHistory, type Incompatibility } from './check-compatibility';
import type { EventSchemaFamily, EventSchemaVersion, SchemaTree } from './schema-tree';

/** The result of checking one version against its predecessors within its major. */
export interface VersionCheck {
  readonly source: string;
  readonly detailType: string;
  readonly eventType: string;
  readonly version: string;
  readonly file: string;
  readonly mode: string;
  /** Versions it was checked against (empty for the first version of a major). */
  readonly checkedAgainst: readonly string[];
  readonly incompatibilities: readonly Incompatibility[];
}

/**
 * Checks every version in the tree against its predecessors in the same major version, with
 * the event's compatibility mode. A new major starts a fresh history: it may break.
 */
export function checkSchemaTree(tree: SchemaTree): VersionCheck[] {
  return tree.events.flatMap((family) => checkFamily(family));
}

function checkFamily(family: EventSchemaFamily): VersionCheck[] {
  const byMajor = new Map<number, EventSchemaVersion[]>();
  for (const v of family.versions) byMajor.set(v.version.major, [...(byMajor.get(v.version.major) ?? []), v]);
  const checks: VersionCheck[] = [];
  for (const versions of byMajor.values()) {
    versions.forEach((v, i) => {
      const history = versions.slice(0, i + 1).map((h) => ({ label: `${family.detailType} v${h.version.text}`, schema: h.schema }));
      const incompatibilities = checkAgainstHistory(history, family.compatibility);
      checks.push({
        source: family.source,
        detailType: family.detailType,
        eventType: family.eventType,
        version: v.version.text,
        file: v.file,
        mode: family.compatibility,
        checkedAgainst: i === 0 ? [] : family.compatibility.endsWith('_TRANSITIVE') ? versions.slice(0, i).map((h) => h.version.text) : [versions[i - 1]!.version.text],
        incompatibilities,
      });
    });
  }
  return checks;
}

/** Human-readable lines for `schema check`: one per version, then one per incompatibility. */
export function formatChecks(checks: readonly VersionCheck[]): string {
  return checks
    .map((c) => {
      const head = `${c.incompatibilities.length === 0 ? 'ok  ' : 'FAIL'} ${c.file} (${c.eventType} v${c.version}, ${c.mode}` +
        (c.checkedAgainst.length === 0 ? ', first of its major)' : ` vs ${c.checkedAgainst.map((v) => `v${v}`).join(', ')})`);
      return [head, ...c.incompatibilities.map((i) => `      - ${i.message}`)].join('\n');
    })
    .join('\n');
}
