module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // describe(rule.id): the title is the rule id, a string at run time.
    'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
    // Rule tests assert through the shared rule tester.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});
