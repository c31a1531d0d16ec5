// React JSX: the elements with their attributes checked.
import type {} from '@inspraak/widgets/react';

export const page = (
  <main>
    <inspraak-poll poll="speeltuin-2026" lang="nl" />
    <inspraak-progress municipality="voorbeeld" variant="compact" />
    {/* @ts-expect-error: a quick scan needs its scan id */}
    <inspraak-quickscan />
  </main>
);
