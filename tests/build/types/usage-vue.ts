// Vue: the elements are known global components with their attributes as props.
import type {} from '@inspraak/widgets/vue';
import type { GlobalComponents } from 'vue';

export type Poll = GlobalComponents['inspraak-poll'];
export type Challenge = GlobalComponents['inspraak-challenge'];
