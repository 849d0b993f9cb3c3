import type { FieldSchema, SettingsSchema } from './vendor-schemas.js';

export type SettingsDraft = Record<string, string | boolean>;

const inputId = (name: string): string => `setting-${name}`;

/** One form field per property of the vendor's settings schema, its description as the help. */
export function SettingsFields({ schema, draft, onChange }: { schema: SettingsSchema; draft: SettingsDraft; onChange: (draft: SettingsDraft) => void }) {
  const set = (name: string, value: string | boolean): void => onChange({ ...draft, [name]: value });
  return (
    <fieldset>
      <legend>Settings</legend>
      {Object.entries(schema.properties).map(([name, field]) => {
        const required = schema.required?.includes(name) ?? false;
        return (
          <div class="field" key={name}>
            <label for={inputId(name)}>
              {name}
              {required ? ' (required)' : ''}
            </label>
            <Input name={name} field={field} required={required} value={draft[name]} onValue={(value) => set(name, value)} />
            {field.description && (
              <p class="help" id={`${inputId(name)}-help`}>
                {field.description}
                {field.default !== undefined && typeof field.default !== 'object' ? ` Default: ${String(field.default)}.` : ''}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

function Input({ name, field, required, value, onValue }: { name: string; field: FieldSchema; required: boolean; value: string | boolean | undefined; onValue: (value: string | boolean) => void }) {
  const common = { id: inputId(name), 'aria-describedby': field.description ? `${inputId(name)}-help` : undefined };
  if (field.type === 'boolean') return <input {...common} type="checkbox" checked={value === true} onChange={(event) => onValue(event.currentTarget.checked)} />;
  if (field.enum) {
    return (
      <select {...common} required={required} value={String(value ?? '')} onChange={(event) => onValue(event.currentTarget.value)}>
        <option value="">{required ? 'Choose…' : 'Default'}</option>
        {field.enum.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'object') {
    const placeholder = field.example ? JSON.stringify(field.example) : '{}';
    return <textarea {...common} rows={3} placeholder={placeholder} value={String(value ?? '')} onInput={(event) => onValue(event.currentTarget.value)} />;
  }
  const text = { ...common, required, value: String(value ?? ''), onInput: (event: { currentTarget: HTMLInputElement }) => onValue(event.currentTarget.value) };
  if (field.type === 'integer' || field.type === 'number') return <input {...text} type="number" min={field.minimum} max={field.maximum} />;
  return <input {...text} type="text" />;
}

/** The draft as the API takes it: numbers as numbers, objects parsed, empty fields left out (the defaults apply). */
export function settingsOf(schema: SettingsSchema, draft: SettingsDraft): { settings: Record<string, unknown> } | { problem: string } {
  const settings: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const value = draft[name];
    if (value === undefined || value === '') continue;
    if (field.type === 'boolean') settings[name] = value === true;
    else if (field.type === 'integer' || field.type === 'number') settings[name] = Number(value);
    else if (field.type === 'object') {
      try {
        settings[name] = JSON.parse(String(value));
      } catch {
        return { problem: `${name} must be JSON, e.g. ${JSON.stringify(field.example ?? {})}.` };
      }
    } else settings[name] = value;
  }
  return { settings };
}
