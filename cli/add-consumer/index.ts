export { registerAddCommand } from './register-add-command';
export { addConsumer } from './add-consumer';
export type { AddConsumerOptions } from './add-consumer';
export { planConsumer } from './plan';
export type { ConsumerPlan, FileAction, PlannedFile } from './plan';
export { consumerSpec } from './consumer-spec';
export type { AddConsumerInput, ConsumerSpec } from './consumer-spec';
export { replayCommand } from './render-plan';
export { AddConsumerError, AppLayoutError, ConsumerExistsError, InvalidConsumerInputError } from './errors';
