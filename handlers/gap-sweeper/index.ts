import { createGapSweeperHandler } from '../../runtime/sequencing/index';

/** Gap sweeper of one ordered consumer, run every minute: see runtime/sequencing/gap-sweeper.ts. */
export const handler = createGapSweeperHandler();
