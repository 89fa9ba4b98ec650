import type { ComponentType } from 'react';

import { CommandLinePanel } from './command-line-panel';
import { CertificatesPanel } from '../certificates/certificates-panel';
import { AuthPanel } from './auth-panel';
import { Base64Panel } from './base64-panel';
import { CapabilitiesPanel } from './capabilities-panel';
import { ExplainPanel } from './explain-panel';
import { SessionFactsPanel } from './session-facts-panel';
import { TestMessagePanel } from './test-message-panel';
import { TranscriptPanel } from './transcript-panel';

/** Props every sidebar panel receives: the session it describes. */
export interface SidebarPanelProps {
  readonly sessionId: string;
}

/** One tab of the session sidebar. Each feature adds its panel here, in its own file. */
export interface SidebarPanel {
  readonly id: string;
  /** Visible tab label; tests find the tab by this name. */
  readonly label: string;
  readonly component: ComponentType<SidebarPanelProps>;
}

export const SIDEBAR_PANELS: readonly SidebarPanel[] = [
  { id: 'session', label: 'Session', component: SessionFactsPanel },
  { id: 'transcript', label: 'Transcript', component: TranscriptPanel },
  { id: 'commands', label: 'Commands', component: CommandLinePanel },
  { id: 'certificates', label: 'Certificates', component: CertificatesPanel },
  { id: 'capabilities', label: 'Capabilities', component: CapabilitiesPanel },
  { id: 'explain', label: 'Explain', component: ExplainPanel },
  { id: 'auth', label: 'Auth', component: AuthPanel },
  { id: 'base64', label: 'Base64', component: Base64Panel },
  { id: 'test-message', label: 'Test message', component: TestMessagePanel },
];
