import { archiveCases } from './fuzz/archiveCases';
import { fuzzSuite } from './fuzz/suite';

// Hostile project files, the zip itself: truncations, flips, foreign files, lying central and local headers, duplicate names of every kind, unsafe names, too many entries, unused entries.
fuzzSuite('archive', 99, 250, archiveCases);
