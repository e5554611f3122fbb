export * from './grants';
export * from './handlers';
export * from './scope';
export * from './service';
