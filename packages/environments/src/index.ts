export * from './backup-locations.ts';
export * from './api-server.ts';
export * from './decision.ts';
export * from './environment.ts';
export * from './load.ts';
export * from './open-decisions.ts';
export * from './units.ts';
export { EnvironmentValidationError, validateEnvironment, type EnvironmentProblem } from './validation.ts';
export { defaultSettings } from './defaults.ts';
