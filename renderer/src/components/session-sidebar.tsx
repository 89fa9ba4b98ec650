import type { KeyboardEvent } from 'react';

import { SIDEBAR_PANELS } from '../sidebar/panels';
import { useFeatures, useTabUi } from '../store/feature-context';

/** Returns the tab that arrow, Home and End keys move to from `index` (WAI-ARIA tabs pattern). */
function tabIndexForKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Renders the tabbed side panel of a session, where each tab is one feature's view of the same
 * session. The tabs sit in a grid of equal cells, so all stay visible and readable when narrow.
 */
export function SessionSidebar({
  sessionId,
  hidden,
}: Readonly<{ sessionId: string; hidden: boolean }>) {
  // Each tab remembers its own panel.
  const { tabs } = useFeatures();
  const selectedId = useTabUi(sessionId).sidebarPanel ?? SIDEBAR_PANELS[0]?.id ?? '';
  const setSelectedId = (panelId: string): void => tabs.set(sessionId, { sidebarPanel: panelId });
  const selected = SIDEBAR_PANELS.find((panel) => panel.id === selectedId) ?? SIDEBAR_PANELS[0];

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = SIDEBAR_PANELS.findIndex((panel) => panel.id === selected?.id);
    const next = tabIndexForKey(event.key, index, SIDEBAR_PANELS.length);
    const panel = next === null ? undefined : SIDEBAR_PANELS[next];
    if (panel === undefined) {
      return;
    }
    event.preventDefault();
    setSelectedId(panel.id);
    document.getElementById(`sidebar-tab-${panel.id}`)?.focus();
  };

  return (
    <aside
      id={`session-sidebar-${sessionId}`}
      className="session-sidebar"
      aria-label="Session details"
      hidden={hidden}
    >
      <div
        role="tablist"
        aria-label="Session details"
        className="sidebar-tabs"
        onKeyDown={handleKeyDown}
      >
        {SIDEBAR_PANELS.map((panel) => (
          <button
            key={panel.id}
            type="button"
            role="tab"
            id={`sidebar-tab-${panel.id}`}
            aria-selected={panel.id === selected?.id}
            aria-controls={`sidebar-panel-${panel.id}`}
            tabIndex={panel.id === selected?.id ? 0 : -1}
            onClick={() => setSelectedId(panel.id)}
          >
            {panel.label}
          </button>
        ))}
      </div>
      {selected === undefined ? null : (
        <div
          role="tabpanel"
          id={`sidebar-panel-${selected.id}`}
          aria-labelledby={`sidebar-tab-${selected.id}`}
          className="sidebar-panel"
        >
          <selected.component sessionId={sessionId} />
        </div>
      )}
    </aside>
  );
}
