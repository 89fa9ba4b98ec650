import { SIDEBAR_PANELS } from '../sidebar/panels';
import { useFeatures, useTabUi } from '../store/feature-context';

/** The tabbed side panel of a session: each tab is one feature's view of the same session. */
export function SessionSidebar({ sessionId }: Readonly<{ sessionId: string }>) {
  // Each tab remembers its own panel.
  const { tabs } = useFeatures();
  const selectedId = useTabUi(sessionId).sidebarPanel ?? SIDEBAR_PANELS[0]?.id ?? '';
  const setSelectedId = (panelId: string): void => tabs.set(sessionId, { sidebarPanel: panelId });
  const selected = SIDEBAR_PANELS.find((panel) => panel.id === selectedId) ?? SIDEBAR_PANELS[0];

  return (
    <aside className="session-sidebar" aria-label="Session details">
      <div role="tablist" aria-label="Session details" className="sidebar-tabs">
        {SIDEBAR_PANELS.map((panel) => (
          <button
            key={panel.id}
            type="button"
            role="tab"
            id={`sidebar-tab-${panel.id}`}
            aria-selected={panel.id === selected?.id}
            aria-controls={`sidebar-panel-${panel.id}`}
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
