module.exports = {
  displayName: 'router',
  preset: '../../jest.preset.js',
  testEnvironment: '<rootDir>/onnx-test-environment.cjs',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/router'
};
