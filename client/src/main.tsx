import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import { applyStartTheme } from './styles/theme';
import { startMiniApp } from './miniApp';
import App from './App';

// Before the first render, so the first frame is already lager or stout (the CSP forbids the
// usual inline script in index.html).
applyStartTheme();
// Inside Telegram: sign in from the launch data and take Telegram's colours (nothing elsewhere).
startMiniApp();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
