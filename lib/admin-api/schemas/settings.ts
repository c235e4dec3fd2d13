import { z } from "zod";
import { settingSchemas, type SettingKey } from "../../identity/settings.ts";
import { described, named } from "./documentation.ts";

const keys = Object.keys(settingSchemas) as [SettingKey, ...SettingKey[]];
const schemaName = (key: string) => `${key[0].toUpperCase()}${key.slice(1)}Setting`;

/** The settings there are; any other key is not found. */
export const settingKeySchema = described(z.enum(keys), "The setting");

/** The value a PUT stores, as the store checks it: one schema per key. */
export const settingInput = z.union(keys.map((key) => named(`${schemaName(key)}Input`, settingSchemas[key], `The value of the ${key} setting`)));

/** The stored value (or the default): exactly the fields of its key's schema. */
export const settingValue = z.union(keys.map((key) => named(schemaName(key), z.strictObject(settingSchemas[key].shape), `The value of the ${key} setting`)));
