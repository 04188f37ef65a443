/** Jest runs the TypeScript sources as native ES modules (middy 7 ships ESM only). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // The package's public entry points resolve to the sources inside this repository.
  moduleNameMapper: {
    '^event-router$': '<rootDir>/lib/index.ts',
    '^event-router/runtime$': '<rootDir>/runtime/index.ts',
    '^event-router/testing$': '<rootDir>/local/testing/index.ts',
  },
  testTimeout: 60000,
};
