export { pickByName, resolvePlace, type ResolvedPlace } from '@todo/quick-add/places';
