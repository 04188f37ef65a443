import type { AssemblyStack, CfnResource, CloudAssembly } from './cloud-assembly';
import { IntrinsicResolutionError } from './errors';
import { resolveIntrinsics, type IntrinsicContext } from './intrinsics';
import { NAME_PROPERTIES, identityOf, type LocalEnvironment, type ResourceIdentity } from './physical-names';
import { resourceSupport, type ResourceSupport } from './resource-types';

/** One resource of a template with every intrinsic resolved to a local name, ARN or URL. */
export interface ResolvedResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** Properties, intrinsics resolved (`AWS::NoValue` removed). */
  readonly properties: Record<string, unknown>;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The `Ref` value (name, URL or id, as CloudFormation returns for the type). */
  readonly physicalId: string;
  /** `Fn::GetAtt` attributes (`Arn`, `StreamArn`, `QueueUrl`, ...). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly support: ResourceSupport;
  /** The stack whose template declared it (for asset lookup). */
  readonly stack: AssemblyStack;
}

/** Every stack's resources, resolved; resources whose `Condition` is false are left out, as CloudFormation does. */
export interface ResolvedAssembly {
  readonly environment: LocalEnvironment;
  readonly resources: readonly ResolvedResource[];
  /** Stack outputs by stack name then output id. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `Export.Name` -> value. */
  readonly exports: Readonly<Record<string, unknown>>;
}

/**
 * Resolves the assembly against the local environment. Checks every resource type first, so an unsupported
 * one is reported before anything starts.
 */
export function resolveAssembly(assembly: CloudAssembly, environment: LocalEnvironment): ResolvedAssembly {
  checkResourceTypes(assembly);
  const resolvers = new Map<string, StackResolver>();
  const importValue = (name: string, where: string): unknown => {
    for (const resolver of resolvers.values()) {
      const value = resolver.exportValue(name);
      if (value !== undefined) return value;
    }
    throw new IntrinsicResolutionError(where, `Fn::ImportValue ${name}: no stack of the assembly exports that name.`);
  };
  for (const stack of assembly.stacks) resolvers.set(stack.stackName, new StackResolver(stack, environment, importValue));

  const resources: ResolvedResource[] = [];
  const outputs: Record<string, Record<string, unknown>> = {};
  const exports: Record<string, unknown> = {};
  for (const resolver of resolvers.values()) {
    resources.push(...resolver.resources());
    const stackOutputs = resolver.outputs();
    outputs[resolver.stack.stackName] = Object.fromEntries(Object.entries(stackOutputs).map(([id, o]) => [id, o.value]));
    for (const output of Object.values(stackOutputs)) if (output.exportName !== undefined) exports[output.exportName] = output.value;
  }
  return { environment, resources, outputs, exports };
}

/** Throws `UnsupportedResourceTypeError` for the first resource whose type the local runtime cannot stand up. */
export function checkResourceTypes(assembly: CloudAssembly): void {
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      resourceSupport(stack.stackName, logicalId, resource.Type);
    }
  }
}

/** Lazily resolves one stack: identities first (names only), then properties, memoized, with cycle detection. */
class StackResolver {
  private readonly identities = new Map<string, ResourceIdentity>();
  private readonly conditions = new Map<string, boolean>();
  private readonly resolving = new Set<string>();
  private readonly resourcesById: Record<string, CfnResource>;

  constructor(
    readonly stack: AssemblyStack,
    private readonly env: LocalEnvironment,
    private readonly importValue: (name: string, where: string) => unknown,
  ) {
    this.resourcesById = stack.template.Resources ?? {};
  }

  resources(): ResolvedResource[] {
    const out: ResolvedResource[] = [];
    for (const [logicalId, resource] of Object.entries(this.resourcesById)) {
      if (!this.included(resource, logicalId)) continue;
      const where = `${this.stack.stackName}/${logicalId}`;
      const identity = this.identity(logicalId, where);
      out.push({
        stackName: this.stack.stackName,
        logicalId,
        type: resource.Type,
        properties: (resolveIntrinsics(resource.Properties ?? {}, this.context(`${where}.Properties`)) ?? {}) as Record<string, unknown>,
        metadata: resource.Metadata ?? {},
        physicalId: identity.ref,
        attributes: identity.attributes,
        support: resourceSupport(this.stack.stackName, logicalId, resource.Type),
        stack: this.stack,
      });
    }
    return out;
  }

  outputs(): Record<string, { value: unknown; exportName?: string }> {
    const out: Record<string, { value: unknown; exportName?: string }> = {};
    for (const [id, output] of Object.entries(this.stack.template.Outputs ?? {})) {
      if (output.Condition !== undefined && !this.condition(output.Condition, `${this.stack.stackName}/Outputs/${id}`)) continue;
      const ctx = this.context(`${this.stack.stackName}/Outputs/${id}`);
      const exportName = output.Export === undefined ? undefined : String(resolveIntrinsics(output.Export.Name, ctx));
      out[id] = { value: resolveIntrinsics(output.Value, ctx), exportName };
    }
    return out;
  }

  /** The value of this stack's output exported as `name`, if it has one. */
  exportValue(name: string): unknown {
    for (const [id, output] of Object.entries(this.stack.template.Outputs ?? {})) {
      if (output.Export === undefined) continue;
      const ctx = this.context(`${this.stack.stackName}/Outputs/${id}`);
      if (resolveIntrinsics(output.Export.Name, ctx) === name) return resolveIntrinsics(output.Value, ctx);
    }
    return undefined;
  }

  private included(resource: CfnResource, logicalId: string): boolean {
    return resource.Condition === undefined || this.condition(resource.Condition, `${this.stack.stackName}/${logicalId}`);
  }

  private identity(logicalId: string, where: string): ResourceIdentity {
    const known = this.identities.get(logicalId);
    if (known !== undefined) return known;
    const resource = this.resourcesById[logicalId];
    if (resource === undefined) {
      throw new IntrinsicResolutionError(where, `${logicalId} is neither a resource nor a parameter of stack ${this.stack.stackName}.`);
    }
    if (!this.included(resource, logicalId)) {
      throw new IntrinsicResolutionError(where, `${logicalId} is not created: its condition ${resource.Condition} is false.`);
    }
    const key = `identity:${logicalId}`;
    if (this.resolving.has(key)) throw new IntrinsicResolutionError(where, `circular reference through ${logicalId}'s name.`);
    this.resolving.add(key);
    try {
      const names: Record<string, unknown> = {};
      for (const prop of NAME_PROPERTIES[resource.Type] ?? []) {
        const value = resource.Properties?.[prop];
        if (value !== undefined) names[prop] = resolveIntrinsics(value, this.context(`${this.stack.stackName}/${logicalId}.${prop}`));
      }
      const identity = identityOf(this.stack.stackName, logicalId, resource.Type, names, this.env);
      this.identities.set(logicalId, identity);
      return identity;
    } finally {
      this.resolving.delete(key);
    }
  }

  private condition(name: string, where: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.stack.template.Conditions?.[name];
    if (definition === undefined) throw new IntrinsicResolutionError(where, `condition ${name} is not declared in Conditions.`);
    const key = `condition:${name}`;
    if (this.resolving.has(key)) throw new IntrinsicResolutionError(where, `condition ${name} refers to itself.`);
    this.resolving.add(key);
    try {
      const value = resolveIntrinsics(definition, this.context(`${this.stack.stackName}/Conditions/${name}`));
      if (typeof value !== 'boolean') throw new IntrinsicResolutionError(where, `condition ${name} is not a boolean: ${JSON.stringify(value)}.`);
      this.conditions.set(name, value);
      return value;
    } finally {
      this.resolving.delete(key);
    }
  }

  private ref(name: string, where: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.accountId;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return this.env.urlSuffix;
      case 'AWS::StackName':
        return this.stack.stackName;
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.accountId}:stack/${this.stack.stackName}/local`;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.stack.template.Parameters?.[name];
    if (parameter !== undefined) {
      if (parameter.Type?.startsWith('AWS::SSM::Parameter::Value') || parameter.Default === undefined) {
        throw new IntrinsicResolutionError(
          where,
          `parameter ${name} (${parameter.Type ?? 'no type'}) has no value locally: only parameters with a Default are supported.`,
        );
      }
      return parameter.Default;
    }
    return this.identity(name, where).ref;
  }

  private getAtt(logicalId: string, attribute: string, where: string): unknown {
    const identity = this.identity(logicalId, where);
    const value = identity.attributes[attribute];
    if (value === undefined) {
      const type = this.resourcesById[logicalId]?.Type;
      throw new IntrinsicResolutionError(
        where,
        `Fn::GetAtt ${logicalId}.${attribute}: the local runtime knows ${type}'s attributes ${Object.keys(identity.attributes).join(', ') || '(none)'}, not ${attribute}.`,
      );
    }
    return value;
  }

  private context(where: string): IntrinsicContext {
    return {
      where,
      ref: (name, at) => this.ref(name, at),
      getAtt: (id, attr, at) => this.getAtt(id, attr, at),
      importValue: (name, at) => this.importValue(name, at),
      condition: (name, at) => this.condition(name, at),
    };
  }
}
