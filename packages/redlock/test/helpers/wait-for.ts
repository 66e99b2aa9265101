export { waitFor } from '@redquorum/testing';
