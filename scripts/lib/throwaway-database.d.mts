export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Cuts every connection to this database; resolves with how many there were. */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

export function createDatabase(serverUrl: string, prefix?: string): Promise<ThrowawayDatabase>;
