import { documentCases } from './fuzz/documentCases';
import { fuzzSuite } from './fuzz/suite';

// Hostile project files, project.json: not JSON, newer versions, a wrong type in every field, missing fields, unsafe names in every field that names an entry, claims its entries do not back.
fuzzSuite('document', 7, 200, documentCases);
