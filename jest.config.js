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
  testTimeout: 60000,
};
