/**
 * zscaler-otel-agent: programmatic use inside an app's own NodeSDK.
 */
export {};
