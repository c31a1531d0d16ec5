// What a TypeScript site writes against the package: the elements by tag, their attributes, their events.
import type { InspraakPollAttributes, InspraakProgressAttributes } from '@inspraak/widgets';

const poll: HTMLElement = document.createElement('inspraak-poll');
poll.addEventListener('inspraak:voted', (event) => {
  const id: string = event.detail.poll;
  console.log(id);
});
document.querySelector('inspraak-quickscan')?.addEventListener('inspraak:submitted', (event) => {
  console.log('scan' in event.detail ? event.detail.round : event.detail.reference);
});
export const attributes: InspraakPollAttributes = { poll: 'speeltuin-2026', lang: 'en' };
export const badge: InspraakProgressAttributes = { municipality: 'voorbeeld', variant: 'full' };
// @ts-expect-error: a poll needs its id
export const missing: InspraakPollAttributes = { lang: 'nl' };
// @ts-expect-error: only compact and full
export const wrong: InspraakProgressAttributes = { variant: 'groot' };
