import root from '../eslint.config.js';

export default [
  ...root,
  {
    // Nest resolves constructor injection from emitted decorator metadata: injected classes must stay value imports.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
];
