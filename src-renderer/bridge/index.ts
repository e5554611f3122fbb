// PROVISIONAL until contract.ts lands
export const studio = null;
