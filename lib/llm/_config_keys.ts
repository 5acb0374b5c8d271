/**
 * Inline API keys in a config file: reported and removed before validation. Internal.
 *
 * @module
 */

/**
 * Removes `apiKey`-like fields (keys belong in the environment, never in a file) and reports each
 * one; the value is never echoed.
 */
export function withoutInlineKeys(input: unknown): { issues: string[]; cleaned: unknown } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { issues: [], cleaned: input };
  }
  const issues: string[] = [];
  const strip = (path: string, settings: unknown): unknown => {
    if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
      return settings;
    }
    const kept = Object.entries(settings).filter(([field]) => {
      if (!/^api_?key$/i.test(field)) return true;
      issues.push(
        `${path}.${field}: API keys are not read from config files; export the key in an ` +
          `environment variable and name that variable in ${path}.apiKeyEnv`,
      );
      return false;
    });
    return Object.fromEntries(kept);
  };
  const file = input as Record<string, unknown>;
  const cleaned: Record<string, unknown> = { ...file };
  if ("defaults" in file) cleaned.defaults = strip("defaults", file.defaults);
  if (typeof file.roles === "object" && file.roles !== null && !Array.isArray(file.roles)) {
    const roles = Object.entries(file.roles);
    cleaned.roles = Object.fromEntries(roles.map(([role, s]) => [role, strip(`roles.${role}`, s)]));
  }
  return { issues, cleaned };
}
