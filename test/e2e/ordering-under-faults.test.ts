/**
 * The acceptance run of issue 10: the reordering-proof scenarios of ordering.test.ts on the example
 * app started as `npm start -- --faults reorder=0.3,duplicate=0.2,seed=7` starts it (the same spec
 * text through `parseFaultSpec`): target deliveries are reordered and duplicated by the EventBridge
 * endpoint on top of the reversed and shuffled publishing, and both faults are counted in /status.
 * (router.test.ts spawns `npm start` with this spec and checks the printed spec and /status.)
 */
import { parseFaultSpec } from '../../local/faults';
import { orderingScenarios } from './ordering-scenarios';

orderingScenarios(parseFaultSpec('reorder=0.3,duplicate=0.2,seed=7'));
