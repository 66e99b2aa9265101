/** @packageDocumentation placeholder */
export const placeholder = 1;
