// ESM entry: the same API as the CommonJS build (`import { ZscalerSpanProcessor } from 'zscaler-otel-agent'`).
export * from './index.js';
