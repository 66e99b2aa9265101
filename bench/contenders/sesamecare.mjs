// @sesamecare-oss/redlock (a maintained fork of node-redlock 5) on ioredis 5.
import { Redlock } from '@sesamecare-oss/redlock';
import { nodeRedlockContender } from './node-redlock-family.mjs';

export default nodeRedlockContender({
  id: 'sesamecare',
  label: '@sesamecare-oss/redlock',
  packages: ['@sesamecare-oss/redlock', 'ioredis'],
  Redlock,
});
