import { SequencingConfigError, readSequencingSettings } from '../../../runtime/sequencing/index';
