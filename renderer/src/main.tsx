import '@xterm/xterm/css/xterm.css';
import './styles/base.css';
import './styles/connection-form.css';
import './styles/session.css';
import './styles/auth.css';
import './styles/features.css';
import './styles/certificates.css';
import './styles/insight.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { MailtapApi } from '../../shared/ipc/contract';
import { App } from './App';
import { getApi, sessionStorageOrNull } from './api/get-api';
import { EngineConnectionError, describeFailure, mailtapErrorOf } from './api/request-errors';
import { ConnectionsStore } from './store/connections-store';
import { FeaturesContext, type Features } from './store/feature-context';
import { LayoutStore } from './store/layout-store';
import { SessionStore } from './store/session-store';
import { TabUiStore } from './store/tab-ui-store';
import { StoreContext, TerminalsContext } from './store/store-context';
import { activateLink, browserLinkEnvironment } from './terminal/link-opener';
import { OutputRouter } from './terminal/output-router';
import { TerminalView } from './terminal/terminal-view';
import { askBeforeLeaving, hasOpenSessions } from './ui/leave-guard';

/** Acknowledges written bytes; a session that ended meanwhile is no reason to complain. */
function acknowledge(api: MailtapApi, sessionId: string, byteCount: number): void {
  api.acknowledge(sessionId, byteCount).catch((reason: unknown) => {
    const code = mailtapErrorOf(reason)?.code;
    if (code === 'SESSION_NOT_FOUND' || code === 'SESSION_CLOSED') {
      return;
    }
    // The banner already reports a lost link to the engine.
    if (reason instanceof EngineConnectionError) {
      return;
    }
    console.warn(
      `Acknowledging ${byteCount} bytes of session ${sessionId} failed: ${describeFailure(reason)}`,
    );
  });
}

const access = getApi();
const links = browserLinkEnvironment(window.mailtap !== undefined);
const terminals = new OutputRouter(
  () => new TerminalView(document, (uri) => activateLink(uri, links)),
  (sessionId, byteCount) => acknowledge(access.api, sessionId, byteCount),
);
const store = new SessionStore({
  ...access,
  output: terminals,
  formStorage: sessionStorageOrNull(),
});
store.start();
// Closing the desktop window is the app's own business; a page reload in browser mode is not.
if (access.link !== null) {
  askBeforeLeaving(window, () => hasOpenSessions(store.getState()));
}
const features: Features = {
  api: access.api,
  tabs: new TabUiStore(),
  connections: new ConnectionsStore(access.api),
  layout: new LayoutStore(),
};

const rootElement = document.getElementById('root');
if (rootElement === null) {
  throw new Error('index.html has no element with id "root" to render Mailtap into.');
}

createRoot(rootElement).render(
  <StrictMode>
    <StoreContext value={store}>
      <TerminalsContext value={terminals}>
        <FeaturesContext value={features}>
          <App />
        </FeaturesContext>
      </TerminalsContext>
    </StoreContext>
  </StrictMode>,
);
