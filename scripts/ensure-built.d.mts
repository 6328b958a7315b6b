/** Builds when the sources are newer than the last build; false when the build failed. */
export function ensureBuilt(): boolean;
