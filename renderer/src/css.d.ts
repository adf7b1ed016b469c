/** Stylesheets imported for their side effect; Vite bundles them into a <link>ed file (CSP: style-src 'self'). */
declare module '*.css' {}
