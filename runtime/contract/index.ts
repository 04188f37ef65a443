export { EnvironmentVariable } from './environment-variables';
export { CONSUMER_RULE_DESCRIPTION_PREFIX, consumerOfRuleDescription, consumerRuleDescription } from './consumer-rule';
export { consumerOfStackDescription, consumerStackDescription } from './consumer-stack-description';
