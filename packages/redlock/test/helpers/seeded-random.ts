export { seededRandom, pickDistinct } from '@redquorum/testing';
