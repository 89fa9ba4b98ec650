/** The catalog entry of one capability keyword. */
export interface CapabilityMeaning {
  /** One line for a sysadmin. */
  readonly meaning: string;
  /** The document that defines the keyword. */
  readonly source: string;
}

/** One advertised capability, as the Capabilities panel shows it. */
export interface CapabilityEntry {
  /** The line or atom as advertised (keyword upper-cased by the parser, parameters as sent). */
  readonly raw: string;
  /** Key that two lists are compared by: `SIZE`, `AUTH`, `AUTH=PLAIN`, `SASL`. */
  readonly name: string;
  /** Everything after the name, as sent; empty when there is none. */
  readonly parameters: string;
  /** The parameters made readable, e.g. `52428800 bytes (50 MiB)`; null when there is nothing to add. */
  readonly value: string | null;
  /** Null when the keyword is not in the catalog. */
  readonly meaning: string | null;
  readonly source: string | null;
}
