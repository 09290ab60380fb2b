// The Worker configured by bindings alone: `wrangler deploy` of the package's default export.
export { default } from '@tandem/relay/workers';
