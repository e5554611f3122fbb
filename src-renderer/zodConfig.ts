import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: zod decides at schema construction whether to
// compile parsers with `new Function`, and the page's CSP forbids eval (the probe alone logs a violation).
z.config({ jitless: true });
