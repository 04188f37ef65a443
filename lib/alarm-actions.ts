import { ArnFormat, Aspects, Stack, Token, type IAspect } from 'aws-cdk-lib';
import { Alarm, CfnAlarm, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';
import { EventRouterConstructError } from './errors';

/** Where the alarm descriptions point operators: `docs/operations.md#<anchor>`. */
export const RUNBOOK = 'docs/operations.md';

/** Props of {@link AlarmActions}. */
export interface AlarmActionsProps {
  /** Name of the router's alarm topic (`routerNames(routerName).alarmTopic`). */
  readonly topicName: string;
  /**
   * ARN of the topic when the stack holds it (a reference orders deployment); other stacks
   * format the ARN from their own account and region, as they find the bus by name.
   * @default - formatted from the stack's account, region and `topicName`
   */
  readonly topicArn?: string;
  /**
   * Runbook the descriptions link to.
   * @default RUNBOOK
   */
  readonly runbook?: string;
}

/**
 * Makes every `AWS::CloudWatch::Alarm` below the scope notify the router's alarm topic on
 * ALARM and on OK, and end its description with a link to its runbook section (anchor =
 * the alarm's construct id in kebab-case). An aspect rather than a call per alarm, so an
 * alarm anyone adds later, in any construct of the stack, reaches an operator too.
 */
export class AlarmActions implements IAspect {
  /** Applies the aspect to `scope` (usually a stack). */
  public static applyTo(scope: IConstruct, props: AlarmActionsProps): void {
    Aspects.of(scope).add(new AlarmActions(props));
  }

  constructor(private readonly props: AlarmActionsProps) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnAlarm)) return;
    const arn = this.props.topicArn ?? alarmTopicArn(Stack.of(node), this.props.topicName);
    const l2 = node.node.scope;
    if (l2 instanceof Alarm) {
      // The L2 alarm renders its actions lazily: add through it, or actions others added would be lost.
      if (!notified.has(l2)) {
        notified.add(l2);
        const action: IAlarmAction = { bind: () => ({ alarmActionArn: arn }) };
        l2.addAlarmAction(action);
        l2.addOkAction(action);
      }
    } else {
      node.alarmActions = withAction(node.node.path, node.alarmActions, arn);
      node.okActions = withAction(node.node.path, node.okActions, arn);
    }
    const description = node.alarmDescription ?? '';
    const runbook = this.props.runbook ?? RUNBOOK;
    if (!Token.isUnresolved(description) && !description.includes(runbook)) {
      // The alarm's own construct id (the L2 Alarm's, not its `Resource` child).
      const alarmId = node.node.id === 'Resource' && node.node.scope !== undefined ? node.node.scope.node.id : node.node.id;
      node.alarmDescription = `${description}${description === '' ? '' : ' '}Runbook: ${runbook}#${runbookAnchor(alarmId)}`.slice(0, 1024);
    }
  }
}

/** ARN of the alarm topic called `topicName` in `stack`'s account and region. */
export function alarmTopicArn(stack: Stack, topicName: string): string {
  return stack.formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

/** The runbook anchor of an alarm: its construct id in kebab-case (`DeadLetterQueueAlarm` -> `dead-letter-queue-alarm`). */
export function runbookAnchor(constructId: string): string {
  return constructId
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

const notified = new WeakSet<Alarm>();

function withAction(path: string, existing: string[] | undefined, arn: string): string[] {
  if (Token.isUnresolved(existing)) {
    throw new EventRouterConstructError(
      path,
      'the alarm actions are a token, so the alarm topic cannot be added to them; give the CfnAlarm a plain list, or use the L2 Alarm',
    );
  }
  return (existing ?? []).includes(arn) ? existing! : [...(existing ?? []), arn];
}
