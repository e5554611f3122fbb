export * from './archive';
export * from './atomicWrite';
export * from './paths';
export * from './recent';
export * from './recovery';
export * from './service';
export * from './validate';
export * from './handlers';
