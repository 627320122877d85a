import { register } from 'node:module';

register(new URL('./arrow-marker-hook.mjs', import.meta.url));
