import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AssemblyLoadError } from './errors';

/** One CloudFormation template as written by `cdk synth`. */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown }; Condition?: string }>;
}

/** One resource of a template, properties still holding intrinsics. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

/** A stack of the cloud assembly. */
export interface AssemblyStack {
  /** The CloudFormation stack name (`stackName` in the manifest, else the artifact id). */
  readonly stackName: string;
  readonly artifactId: string;
  readonly template: CfnTemplate;
  /** Absolute directories of file assets, by S3 object key (`<hash>.zip`) and by asset hash. */
  readonly assetDirs: ReadonlyMap<string, string>;
  /** The directory the stack's template lives in (asset paths are relative to it). */
  readonly directory: string;
}

/** A loaded cloud assembly: every stack in deploy order of the manifest. */
export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
}

interface ManifestArtifact {
  readonly type: string;
  readonly properties?: Record<string, unknown>;
  readonly dependencies?: string[];
}

/** Reads `manifest.json`, every stack template, and where each stack's file assets are. */
export function loadCloudAssembly(directory: string): CloudAssembly {
  const dir = resolve(directory);
  const stacks: AssemblyStack[] = [];
  collectStacks(dir, stacks);
  if (stacks.length === 0) {
    throw new AssemblyLoadError(dir, 'the manifest lists no CloudFormation stacks. Run `npm run synth` (or `cdk synth`) first.');
  }
  return { directory: dir, stacks };
}

function collectStacks(dir: string, into: AssemblyStack[]): void {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new AssemblyLoadError(dir, 'there is no manifest.json. Run `npm run synth` (or `cdk synth`) to write the cloud assembly.');
  }
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(dir, manifestPath);
  const artifacts = manifest.artifacts ?? {};
  for (const [id, artifact] of orderByDependencies(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly') {
      const nested = artifact.properties?.directoryName;
      if (typeof nested === 'string') collectStacks(join(dir, nested), into);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = artifact.properties?.templateFile;
    if (typeof templateFile !== 'string') throw new AssemblyLoadError(dir, `stack artifact ${id} has no templateFile.`);
    const stackName = typeof artifact.properties?.stackName === 'string' ? artifact.properties.stackName : id;
    const template = readJson<CfnTemplate>(dir, join(dir, templateFile));
    into.push({ stackName, artifactId: id, template, assetDirs: assetDirsOf(dir, artifacts, artifact), directory: dir });
  }
}

/** The asset manifests a stack depends on map object keys (what the template's `Code.S3Key` names) to directories. */
function assetDirsOf(dir: string, artifacts: Record<string, ManifestArtifact>, stack: ManifestArtifact): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const dep of stack.dependencies ?? []) {
    const artifact = artifacts[dep];
    if (artifact?.type !== 'cdk:asset-manifest') continue;
    const file = artifact.properties?.file;
    if (typeof file !== 'string') continue;
    const assets = readJson<{ files?: Record<string, AssetEntry> }>(dir, join(dir, file));
    for (const [hash, entry] of Object.entries(assets.files ?? {})) {
      const path = entry.source?.path;
      if (typeof path !== 'string') continue;
      const absolute = join(dir, path);
      dirs.set(hash, absolute);
      for (const destination of Object.values(entry.destinations ?? {})) {
        if (typeof destination.objectKey === 'string') dirs.set(destination.objectKey, absolute);
      }
    }
  }
  return dirs;
}

interface AssetEntry {
  readonly source?: { path?: unknown };
  readonly destinations?: Record<string, { objectKey?: unknown }>;
}

/** Stacks come out in dependency order so `Fn::ImportValue` finds the exporting stack already resolved. */
function orderByDependencies(artifacts: Record<string, ManifestArtifact>): [string, ManifestArtifact][] {
  const ordered: [string, ManifestArtifact][] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || artifacts[id] === undefined) return;
    seen.add(id);
    for (const dep of artifacts[id].dependencies ?? []) visit(dep);
    ordered.push([id, artifacts[id]]);
  };
  for (const id of Object.keys(artifacts)) visit(id);
  return ordered;
}

function readJson<T>(dir: string, path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new AssemblyLoadError(dir, `cannot read ${path} as JSON (${(error as Error).message}).`, { cause: error });
  }
}
