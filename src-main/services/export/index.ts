export * from './exportTake';
export * from './ffmpegArgs';
export * from './ffmpegPath';
export * from './projectExport';
export * from './handlers';
