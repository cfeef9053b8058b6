import type { PetitionView } from '../cases/case-view.ts';
import type { Deps } from '../deps.ts';
import { Unavailable } from './layout.tsx';

/** 智能答复: the draft editor with its version history and approval, once drafting is wired in. */
export function DraftsPanel(props: { view: PetitionView; deps: Deps }) {
  return (
    <section class="card" aria-labelledby="drafts-title" id="drafts">
      <h2 id="drafts-title">答复草稿</h2>
      <Unavailable what="答复草稿" />
    </section>
  );
}
