import { entryCases } from './fuzz/entryCases';
import { fuzzSuite } from './fuzz/suite';

// Hostile project files, entries of every kind: missing, wrong size, undecodable, random bytes, bombs in each, amplification.
fuzzSuite('entry', 31, 70, entryCases);
