// Wrangler's Text rule (wrangler.toml) imports markdown files as strings.
declare module '*.md' {
  const text: string;
  export default text;
}
