import { testEventPattern } from '../test-event-pattern';
import { applyTarget, validateTargetInput, type TargetInput } from '../input-transform';
import { validatePutEvents, type PutEventsRequestInput } from '../put-events';
import { RuleSet } from '../rule-set';
import { type RuleDefinition, type TargetDefinition } from './bus-model';
import type { EventEngine, ValidatedEntry } from './event-engine';
import type { DeliveredEvent } from './target-delivery';

/** Options of {@link patternEngine}. */
export interface PatternEngineOptions {
  /** @default '000000000000' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** PutEvents size limit. @default the engine's (1 MiB, AWS's limit since 2026-01-29) */
  readonly maxEntrySizeBytes?: number;
}

/** The project's EventBridge engine (local/eventbridge): AWS's PutEvents validation, rule matching and target input. */
export function patternEngine(options: PatternEngineOptions = {}): EventEngine {
  return {
    validatePutEvents(request) {
      const { response, accepted } = validatePutEvents(request as PutEventsRequestInput, options);
      const byIndex = new Map(accepted.map((entry) => [entry.index, entry]));
      return response.Entries.map((entry, index): ValidatedEntry => {
        const ok = byIndex.get(index);
        // validatePutEvents resolved the bus already (a bus ARN of another region stays whole: no local bus).
        if (ok !== undefined) return { ok: true, event: ok.event as unknown as DeliveredEvent, busName: ok.eventBusName };
        const failure = entry as { ErrorCode: string; ErrorMessage: string };
        return { ok: false, errorCode: failure.ErrorCode, errorMessage: failure.ErrorMessage };
      });
    },

    compileRules(rules) {
      // Targets' inputs are checked now, as PutTargets checks them at deploy time.
      for (const rule of rules) for (const target of rule.targets) validateTargetInput(targetInput(target));
      const enabled = rules.filter((rule) => rule.enabled);
      const set = new RuleSet(enabled.map((rule) => ({ name: rule.name, pattern: rule.eventPattern })));
      return (event) => set.matchIndexes(event).map((index) => enabled[index] as RuleDefinition);
    },

    renderTarget(target: TargetDefinition, event: DeliveredEvent) {
      return applyTarget(targetInput(target), event, { ruleArn: target.ruleArn, ruleName: target.ruleName });
    },

    testEventPattern(input) {
      return testEventPattern(input);
    },
  };
}

function targetInput(target: TargetDefinition): TargetInput {
  return {
    Id: target.id,
    Input: target.input,
    InputPath: target.inputPath,
    InputTransformer:
      target.inputTransformer === undefined
        ? undefined
        : { InputPathsMap: target.inputTransformer.inputPathsMap, InputTemplate: target.inputTransformer.inputTemplate },
  };
}
