// node-redlock 5 beta on ioredis 5.
import Redlock from 'redlock';
import { nodeRedlockContender } from './node-redlock-family.mjs';

export default nodeRedlockContender({
  id: 'redlock5',
  label: 'redlock@5',
  packages: ['redlock', 'ioredis'],
  Redlock,
});
