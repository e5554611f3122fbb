export * from './schema';
export * from './errors';
export * from './migrate';
export * from './newProject';
export * from './toScene';
