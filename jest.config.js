/** Jest runs the TypeScript sources as native ES modules (middy 7 ships ESM only). */
export default {
  // Node, with a temporary directory per test file that is removed after it (no cdk.out* litter in /tmp).
  testEnvironment: '<rootDir>/test/setup/temp-dir-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // The example app imports the package by name, as a user's app does; inside the repository the
  // names resolve to the sources (tsconfig.json has the same paths).
  moduleNameMapper: {
    '^event-router$': '<rootDir>/lib/index.ts',
    '^event-router/runtime$': '<rootDir>/runtime/index.ts',
    '^event-router/testing$': '<rootDir>/local/testing/index.ts',
  },
  testTimeout: 60000,
};
