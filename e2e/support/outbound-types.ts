export interface InstanceWithDatabase {
  databaseUrl: string;
}
