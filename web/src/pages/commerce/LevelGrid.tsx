import { LEVEL_WORDS, PROFILE_LEVELS, PROFILE_SETS, type ProfileLevel, type ProfileSet, SET_WORDS } from './commerce-data.js';

export type Levels = Partial<Record<ProfileSet, ProfileLevel>>;

/**
 * Seed 002 "Access Levels for Permissions" as a grid: a row per permission set, a radio button
 * per level. The arrow keys move within a row and Tab between rows (native radio groups: one `name` per row); every button is named "<set>: <level>" for
 * screen readers, since a table row cannot also be a radiogroup.
 */
export function LevelGrid({ levels, onChange, idPrefix }: { levels: Levels; onChange: (levels: Levels) => void; idPrefix: string }) {
  return (
    <fieldset className="level-grid">
      <legend>What people with this profile may do</legend>
      <p className="muted" id={`${idPrefix}-meaning`}>
        {PROFILE_LEVELS.map((l) => `${LEVEL_WORDS[l].name}: ${LEVEL_WORDS[l].meaning}.`).join(' ')}
      </p>
      <table aria-describedby={`${idPrefix}-meaning`}>
        <thead>
          <tr>
            <th scope="col">Permission set</th>
            {PROFILE_LEVELS.map((l) => (
              <th scope="col" key={l}>
                {LEVEL_WORDS[l].name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PROFILE_SETS.map((s) => (
            <tr key={s}>
              <th scope="row">
                {SET_WORDS[s].name}
                <small className="muted"> — {SET_WORDS[s].about}</small>
              </th>
              {PROFILE_LEVELS.map((l) => (
                <td key={l} data-label={LEVEL_WORDS[l].name}>
                  <input
                    type="radio"
                    name={`${idPrefix}-${s}`}
                    aria-label={`${SET_WORDS[s].name}: ${LEVEL_WORDS[l].name}`}
                    checked={(levels[s] ?? 'none') === l}
                    onChange={() => onChange({ ...levels, [s]: l })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
