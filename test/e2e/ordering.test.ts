/**
 * End-to-end per-entity order on the local runtime: every order's events published through the
 * EventBridge SDK client in reverse, or shuffled with duplicates, end in the same inventory state as
 * published in order, and each order's notifications are created in sequence order. The local
 * endpoint delivers in publishing order, so publishing reversed is what reorders them here.
 */
import { orderingScenarios } from './ordering-scenarios';

orderingScenarios();
