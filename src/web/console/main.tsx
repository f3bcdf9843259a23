// First: it asks for the first map's records while the rest of the code is read.
import { firstWaveAsked } from './first-wave.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n.js';
import '../shared/base.css';
import './console.css';
import { App } from './App.js';
import { mapLibreStarted } from './maplibre.js';
import { settledWithin } from '../shared/settled.js';

/**
 * How long the console's first render waits at most for the first map's records and for MapLibre: on
 * a slow link it shows without them, and takes them as they come.
 */
const FIRST_WAIT_MS = 400;

void Promise.all([
  settledWithin(firstWaveAsked() ?? Promise.resolve(), FIRST_WAIT_MS),
  settledWithin(mapLibreStarted(), FIRST_WAIT_MS),
]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  ),
);
